import Testing
import WardenCore

struct ErrorSignatureTests {
    @Test(arguments: [
        ("TradeIntent.__init__() got an unexpected keyword argument 'side'",
         "TradeIntent.__init__() got an unexpected keyword argument '<str>'"),
        ("Failed intent 1700000000000-0 for order 8f14e45f-ceea-467d-a3b6-1a2b3c4d5e6f: boom",
         "Failed intent <id> for order <uuid>: boom"),
        ("bad pointer 0x7ffee4c0 at offset 42", "bad pointer <hex> at offset <n>"),
        ("digest deadbeef1234 mismatch", "digest <hex> mismatch"),
        ("price 101.25 below 0.5", "price <n> below <n>"),
        ("can't   parse\n\tvalue \"abc def\"", "can't parse value \"<str>\""),
        ("{'symbol': 'BTCUSDT', 'qty': 0.01}", "{'<str>': '<str>', '<str>': <n>}"),
        ("EXIT_ALREADY_CLOSED for BTCUSDT", "EXIT_ALREADY_CLOSED for <sym>"),
        ("worker3 timed out after 5000ms", "worker<n> timed out after <n>ms"),
        ("token aB3dE5fG7hI9jK1lM2 rejected", "token <id> rejected"),
        ("2026-11-22T04:47:00.123Z error", "<n>-<n>-<n>T<n>:<n>:<n>.<n>Z error"),
        ("it's broken 'abc", "it's broken 'abc"),
        ("say \"a \\\" b\" end", "say \"<str>\" end"),
        ("", ""),
        (" \n\t ", ""),
    ])
    func replacesVariablePartsWithPlaceholders(message: String, signature: String) {
        #expect(ErrorSignature.normalize(message) == signature)
    }

    /// The production error, wrapped in different ids, numbers and symbols each time.
    @Test
    func productionMessagesWithDifferentIdsShareOneSignature() {
        let messages = [
            "Failed to execute intent 1700000000123-0 (order 8f14e45f-ceea-467d-a3b6-1a2b3c4d5e6f, BTCUSDT qty 0.01): TradeIntent.__init__() got an unexpected keyword argument 'side'",
            "Failed to execute intent 1700000003123-2 (order 0b9c2d1e-1111-4a2b-9c3d-abcdefabcdef, ETHUSDT qty 1.5): TradeIntent.__init__() got an unexpected keyword argument 'side'",
            "Failed to execute intent  1700000006999-0 (order 6e2f4a10-2222-4b3c-8d4e-0123456789ab, 1000PEPEUSDT qty 12000):  TradeIntent.__init__() got an unexpected keyword argument 'side'",
        ]
        let signatures = Set(messages.map(ErrorSignature.normalize))
        #expect(signatures.count == 1)
        #expect(signatures.first?.contains("TradeIntent.__init__() got an unexpected keyword argument") == true)
    }

    @Test
    func differentFaultsKeepDifferentSignatures() {
        let a = ErrorSignature.normalize("TradeIntent.__init__() got an unexpected keyword argument 'side'")
        let b = ErrorSignature.normalize("TradeIntent.__init__() missing 1 required positional argument: 'action'")
        let c = ErrorSignature.normalize("Connection refused to 127.0.0.1:6379")
        #expect(Set([a, b, c]).count == 3)
    }

    @Test(arguments: [10_000, 1_000_000])
    func signatureLengthIsBoundedWhateverTheMessage(size: Int) {
        let words = String(repeating: "word ", count: size / 5)
        let token = String(repeating: "z", count: size)
        #expect(ErrorSignature.normalize(words).unicodeScalars.count == ErrorSignature.maxLength - 1)
        #expect(ErrorSignature.normalize(token).unicodeScalars.count <= ErrorSignature.maxLength)
        #expect(!ErrorSignature.normalize(words).hasSuffix(" "))
    }
}
