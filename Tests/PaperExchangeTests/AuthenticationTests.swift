import PaperExchange
import Testing
import WardenCore

/// API key, HMAC-SHA256 signature and the `recvWindow` rule, as Binance applies them.
struct AuthenticationTests {
    /// Binance's documented example (general-info "SIGNED Endpoint Examples for POST /fapi/v1/order").
    static let docSecret = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9"
    static let docPayload = "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943"
    static let docSignature = "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9"
    /// HMAC of "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC" + "quantity=1&price=9000&recvWindow=5000&timestamp=1591702613943"
    /// (query then body, nothing between), computed with `openssl dgst -sha256 -hmac`.
    static let mixedSignature = "30baaf0fab549bbeda7f5ef201898b34122da25fd23c646cac2c529aebe670a4"
    static let docTime = WallTime(milliseconds: 1_591_702_613_943)

    func docExchange() -> PaperExchange.State {
        PaperExchange.State(apiKey: "doc-key", secret: Self.docSecret)
    }

    @Test
    func binanceDocumentVectorIsAccepted() {
        var state = docExchange()
        let reply = state.handle(.init(method: "POST", path: "/fapi/v1/order", body: Self.docPayload + "&signature=" + Self.docSignature,
                                       apiKey: "doc-key"), now: Self.docTime)
        #expect(reply.status == 200, "\(reply.body)")
        #expect(reply.json["status"]?.stringValue == "NEW", "a BUY at 9000 under a 65000 mark rests")
        #expect(state.openOrders.count == 1)
    }

    @Test(arguments: [
        // (where the parameters go, expected code): the signature covers query + body, concatenated.
        ("query", nil as Int?), ("mixed", nil), ("upper-case signature", nil),
        ("one digit changed", -1022), ("signature not last", -1022), ("no signature", -1102),
    ])
    func signatureCoversQueryThenBody(_ variant: String, _ code: Int?) {
        var state = docExchange()
        let sig = Self.docSignature
        let request: PaperExchange.Request = switch variant {
        case "query": .init(method: "POST", path: "/fapi/v1/order", query: Self.docPayload + "&signature=" + sig, apiKey: "doc-key")
        case "mixed":
            .init(method: "POST", path: "/fapi/v1/order", query: "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC",
                  body: "quantity=1&price=9000&recvWindow=5000&timestamp=1591702613943&signature=" + Self.mixedSignature,
                  apiKey: "doc-key")
        case "upper-case signature":
            .init(method: "POST", path: "/fapi/v1/order", body: Self.docPayload + "&signature=" + sig.uppercased(), apiKey: "doc-key")
        case "one digit changed":
            .init(method: "POST", path: "/fapi/v1/order", body: Self.docPayload + "&signature=" + "4" + sig.dropFirst(), apiKey: "doc-key")
        case "signature not last":
            .init(method: "POST", path: "/fapi/v1/order", body: "signature=" + sig + "&" + Self.docPayload, apiKey: "doc-key")
        default: .init(method: "POST", path: "/fapi/v1/order", body: Self.docPayload, apiKey: "doc-key")
        }
        let reply = state.handle(request, now: Self.docTime)
        #expect(reply.code == code, "\(variant): \(reply.body)")
        #expect(reply.status == (code == nil ? 200 : 400))
        #expect(state.orders.count == (code == nil ? 1 : 0))
    }

    @Test(arguments: [(nil as String?, "missing"), ("other-key", "unknown")])
    func missingOrUnknownKeyIs2015With401(_ key: String?, _ label: String) {
        var state = PaperExchange.State()
        let reply = state.send("GET", "/fapi/v2/positionRisk", caller: Caller(apiKey: key))
        #expect(reply.status == 401, "\(label)")
        #expect(reply.code == -2015)
    }

    @Test
    func wrongSecretIs1022() {
        var state = PaperExchange.State()
        let reply = state.send("GET", "/fapi/v1/positionSide/dual", caller: Caller(secret: "not-the-secret"))
        #expect(reply.code == -1022)
        #expect(reply.status == 400)
    }

    @Test(arguments: [
        // (timestamp − serverTime, recvWindow, accepted): accepted iff ts < server + 1000 && server − ts <= recvWindow.
        (Int64(999), Int64?(5000), true), (1000, 5000, false), (0, 5000, true),
        (-5000, 5000, true), (-5001, 5000, false), (-5000, nil, true), (-5001, nil, false),
        (-60000, 60000, true), (-60001, 60000, false), (-100, 100, true), (-101, 100, false),
    ])
    func recvWindowBounds(_ offset: Int64, _ recvWindow: Int64?, _ accepted: Bool) {
        var state = PaperExchange.State()
        let reply = state.handle(Caller().signed("GET", "/fapi/v1/positionSide/dual", [], timestamp: t0 + offset, recvWindow: recvWindow),
                                 now: WallTime(milliseconds: t0))
        #expect(reply.status == (accepted ? 200 : 400), "\(reply.body)")
        #expect(reply.code == (accepted ? nil : -1021))
        if !accepted {
            #expect(reply.json["msg"]?.stringValue == (offset > 0 ? "Timestamp for this request was 1000ms ahead of the server's time."
                                                                    : "Timestamp for this request is outside of the recvWindow."))
        }
    }

    @Test
    func recvWindowAbove60000Is1131AndTimestampIsMandatory() {
        var state = PaperExchange.State()
        let big = state.handle(Caller().signed("GET", "/fapi/v1/positionSide/dual", [], recvWindow: 60001), now: WallTime(milliseconds: t0))
        #expect(big.code == -1131)
        let text = RequestSigner.signedForTest("recvWindow=5000")
        let none = state.handle(.init(method: "GET", path: "/fapi/v1/positionSide/dual", query: text, apiKey: "paper-key"),
                                now: WallTime(milliseconds: t0))
        #expect(none.code == -1102)
        #expect(none.json["msg"]?.stringValue == "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.")
    }

    @Test
    func clockSkewMovesServerTimeAndTheTimestampCheck() {
        var state = PaperExchange.State()
        state.clockSkewMs = -3000
        let time = state.handle(.init(method: "GET", path: "/fapi/v1/time"), now: WallTime(milliseconds: t0))
        #expect(time.json["serverTime"]?.double == Double(t0 - 3000))
        // Signed with the local clock: 3 s ahead of the exchange.
        #expect(state.send("GET", "/fapi/v1/positionSide/dual").code == -1021)
        // Signed with the exchange's clock: fine.
        let synced = state.handle(Caller().signed("GET", "/fapi/v1/positionSide/dual", [], timestamp: t0 - 3000),
                                  now: WallTime(milliseconds: t0))
        #expect(synced.status == 200)
    }

    @Test
    func publicMarketDataNeedsNoKey() {
        var state = PaperExchange.State()
        for path in ["/fapi/v1/time", "/fapi/v1/exchangeInfo", "/fapi/v1/premiumIndex"] {
            #expect(state.handle(.init(method: "GET", path: path), now: WallTime(milliseconds: t0)).status == 200, "\(path)")
        }
    }
}

import Binance

extension RequestSigner {
    /// `query` signed with the default paper secret.
    static func signedForTest(_ query: String) -> String {
        RequestSigner(secret: Secret(PaperExchange.defaultSecret, source: "test")).signed(query)
    }
}
