import Testing
@testable import WardenCore

struct ExecutionResultDecoderTests {
    func decode(_ pairs: [(String, String)]) -> Result<ExecutionResult, DecodeRejection> {
        ExecutionResultDecoder.decode(StreamEntry(id: "1-0", pairs))
    }

    func fill(_ pairs: [(String, String)]) -> Fill? {
        if case .success(.opened(let f)) = decode(pairs) { return f }
        return nil
    }

    @Test
    func flatFieldsDecode() throws {
        let f = try #require(fill([
            ("symbol", "BTCUSDT"), ("action", "BUY"), ("status", "FILLED"), ("entry_price", "65000.5"),
            ("quantity", "0.01"), ("leverage", "10"), ("order_id", "123"), ("take_profit", "67000"),
            ("stop_loss", "64000"), ("timestamp", "2026-11-22T00:00:00Z"),
        ]))
        #expect(f == Fill(symbol: "BTCUSDT", side: .long, entryPrice: 65000.5, quantity: 0.01, leverage: 10,
                          orderID: "123", takeProfit: 67000, stopLoss: 64000, timestamp: "2026-11-22T00:00:00Z"))
    }

    @Test(arguments: ["data", "payload"])
    func jsonContainerDecodes(container: String) throws {
        let json = #"{"symbol":"ethusdt","side":"SELL","status":"filled","entry_price":3000,"executed_qty":"2","leverage":5,"order_id":77}"#
        let f = try #require(fill([(container, json), ("event", "execution")]))
        #expect(f.symbol == "ETHUSDT" && f.side == .short && f.entryPrice == 3000 && f.quantity == 2)
        #expect(f.leverage == 5 && f.orderID == "77")
    }

    @Test
    func oldNestedSignalFormatDecodes() throws {
        let signal = #"{"symbol":"SOLUSDT","action":"LONG","confidence":0.8,"leverage":3}"#
        let f = try #require(fill([("signal", signal), ("status", "EXECUTED"), ("entry_price", "150"), ("position_size_usd", "300")]))
        #expect(f.symbol == "SOLUSDT" && f.side == .long && f.quantity == 2 && f.leverage == 3)
    }

    @Test
    func quantityDerivesFromNotional() throws {
        let f = try #require(fill([("symbol", "XRPUSDT"), ("action", "SELL"), ("entry_price", "0.5"), ("position_size_usd", "100")]))
        #expect(f.quantity == 200)
    }

    @Test
    func reduceOnlyFillIsAReduction() {
        let r = decode([("symbol", "BTCUSDT"), ("action", "SELL"), ("status", "FILLED"), ("entry_price", "1"),
                        ("quantity", "1"), ("reduce_only", "true")])
        guard case .success(.reduced(let f)) = r else { Issue.record("got \(r)"); return }
        #expect(f.side == .short)
    }

    static let rejections: [([(String, String)], DecodeRejection.Reason)] = [
        ([("action", "BUY"), ("entry_price", "1"), ("quantity", "1")], DecodeRejection.Reason.missingSymbol),
        ([("symbol", "BTC USDT"), ("action", "BUY"), ("entry_price", "1"), ("quantity", "1")], .badSymbol),
        ([("symbol", "B"), ("action", "BUY"), ("entry_price", "1"), ("quantity", "1")], .badSymbol),
        ([("symbol", "BTCUSDT"), ("action", "HOLD"), ("entry_price", "1"), ("quantity", "1")], .badAction),
        ([("symbol", "BTCUSDT"), ("entry_price", "1"), ("quantity", "1")], .badAction),
        ([("symbol", "BTCUSDT"), ("action", "BUY"), ("status", "REJECTED"), ("entry_price", "1"), ("quantity", "1")], .notAFill),
        ([("symbol", "BTCUSDT"), ("action", "BUY"), ("entry_price", "0.0"), ("position_size_usd", "0.0")], .badPrice),
        ([("symbol", "BTCUSDT"), ("action", "BUY"), ("entry_price", "-5"), ("quantity", "1")], .badPrice),
        ([("symbol", "BTCUSDT"), ("action", "BUY"), ("entry_price", "nan"), ("quantity", "1")], .badPrice),
        ([("symbol", "BTCUSDT"), ("action", "BUY"), ("entry_price", "inf"), ("quantity", "1")], .badPrice),
        ([("symbol", "BTCUSDT"), ("action", "BUY"), ("entry_price", "100"), ("quantity", "0")], .badQuantity),
        ([("symbol", "BTCUSDT"), ("action", "BUY"), ("entry_price", "100"), ("position_size_usd", "0.0")], .badQuantity),
        ([("symbol", "BTCUSDT"), ("action", "BUY"), ("entry_price", "100"), ("quantity", "1"), ("leverage", "500")], .badLeverage),
        ([("data", "{not json")], .malformedJSON),
        ([("signal", "[1,2]")], .malformedJSON),
        ([("symbol", String(repeating: "A", count: 20_000))], .oversized),
    ]

    @Test(arguments: rejections)
    func rejectsWithReason(pairs: [(String, String)], reason: DecodeRejection.Reason) {
        guard case .failure(let r) = decode(pairs) else { Issue.record("accepted \(pairs)"); return }
        #expect(r.reason == reason)
    }

    @Test
    func invalidUTF8IsRejected() {
        let entry = StreamEntry(id: "1-0", fields: [.init(name: Array("symbol".utf8), value: [0x42, 0xFF, 0xFE])])
        guard case .failure(let r) = ExecutionResultDecoder.decode(entry) else { Issue.record("accepted"); return }
        #expect(r.reason == .invalidUTF8)
    }

    /// Every malformed UTF-8 form is rejected, exactly as `String(validating:)` judges it.
    @Test(arguments: [
        [0xFF], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC3], [0xE2, 0x82],
        [0x80], [0xF0, 0x9F, 0x98], [0x41, 0xC3, 0x28], [0xEF, 0xBF, 0xBD], [0xC3, 0xA9], [0xF0, 0x9F, 0x98, 0x80], [0x41],
    ] as [[UInt8]])
    func utf8IsJudgedAsTheStandardLibraryDoes(bytes: [UInt8]) {
        let entry = StreamEntry(id: "1-0", fields: [.init(name: Array("note".utf8), value: bytes), .init("symbol", "BTCUSDT")])
        let rejectedAsUTF8: Bool
        if case .failure(let r) = ExecutionResultDecoder.decode(entry) { rejectedAsUTF8 = r.reason == .invalidUTF8 } else { rejectedAsUTF8 = false }
        #expect(rejectedAsUTF8 == (String(validating: bytes, as: UTF8.self) == nil))
    }

    @Test
    func errorStatusKeepsTheProducersMessage() {
        let r = decode([("symbol", "BTCUSDT"), ("status", "error"),
                        ("error", "TradeIntent.__init__() got an unexpected keyword argument 'side'")])
        guard case .failure(let rejection) = r else { Issue.record("accepted"); return }
        #expect(rejection.reason == .notAFill)
        #expect(rejection.errorMessage == "TradeIntent.__init__() got an unexpected keyword argument 'side'")
    }

    @Test
    func tooManyFieldsIsOversized() {
        let pairs = (0..<100).map { ("f\($0)", "v") }
        guard case .failure(let r) = decode(pairs) else { Issue.record("accepted"); return }
        #expect(r.reason == .oversized)
    }

    @Test
    func fieldNamesMatchInAnyCaseFlatAndNested() {
        let flat = fill([("SYMBOL", "BTCUSDT"), ("Action", "BUY"), ("STATUS", "FILLED"), ("Entry_Price", "100"),
                         ("QUANTITY", "2")])
        #expect(flat?.symbol == "BTCUSDT" && flat?.quantity == 2 && flat?.entryPrice == 100)
        let nested = fill([("data", #"{"Symbol":"ETHUSDT","ACTION":"SELL","Status":"FILLED","signal":{"Entry_Price":"50","Quantity":"3"}}"#)])
        #expect(nested?.symbol == "ETHUSDT" && nested?.side == .short && nested?.entryPrice == 50 && nested?.quantity == 3)
    }
}

/// The decoder's field-name folding: ASCII fast path, Unicode otherwise.
@Suite
struct FieldNameFoldingTests {
    @Test(arguments: [
        ("entry_price", "entry_price"), ("Entry_Price", "entry_price"), ("SYMBOL", "symbol"), ("", ""),
        ("position_size_usd", "position_size_usd"), ("A1_Z9[@`{", "a1_z9[@`{"), ("ÄCTION", "äction"), ("Éx", "éx"),
    ])
    func foldsLikeLowercased(_ name: String, _ expected: String) {
        #expect(name.fieldNameLowercased == expected)
        #expect(name.fieldNameLowercased == name.lowercased())
    }

    @Test(arguments: ["btcusdt", "BTCUSDT", "Filled", "partially_filled", "", "a1z9[@`{", "ßtraße", "éa", "true"])
    func upperCasesLikeUppercased(_ value: String) {
        #expect(value.valueUppercased == value.uppercased())
    }
}
