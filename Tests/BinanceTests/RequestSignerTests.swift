import Binance
import Testing
import WardenCore

struct RequestSignerTests {
    /// Binance's documentation vectors: USDⓈ-M futures (BTCUSDT) and spot (LTCBTC).
    static let vectors: [(secret: String, payload: String, signature: String)] = [
        (
            "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9",
            "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943",
            "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9"
        ),
        (
            "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
            "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559",
            "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
        ),
    ]

    @Test(arguments: vectors.indices)
    func hmacMatchesBinanceDocumentationVector(index: Int) {
        let v = Self.vectors[index]
        #expect(HMACSHA256.hex(key: Array(v.secret.utf8), message: Array(v.payload.utf8)) == v.signature)
    }

    @Test(arguments: vectors.indices)
    func signedQueryEndsWithSignature(index: Int) {
        let v = Self.vectors[index]
        let signer = RequestSigner(secret: Secret(v.secret, source: "test"))
        #expect(signer.signed(v.payload) == v.payload + "&signature=" + v.signature)
    }

    @Test
    func rfc4231TestCase2() {
        // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?".
        #expect(HMACSHA256.hex(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test
    func emptyKeyAndMessageStillSign() {
        // HMAC-SHA256("", "") is a fixed, well-known value.
        #expect(HMACSHA256.hex(key: [], message: []) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test
    func queryEncodesReservedCharactersInOrder() {
        var query = BinanceQuery([("symbol", "BTCUSDT"), ("newClientOrderId", "wd:em/1 2")])
        query.append("quantity", "0.001")
        #expect(query.encoded == "symbol=BTCUSDT&newClientOrderId=wd%3Aem%2F1%202&quantity=0.001")
    }

    @Test
    func secretNeverPrints() {
        let secret = Secret("super-secret-value", source: "test")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
    }
}
