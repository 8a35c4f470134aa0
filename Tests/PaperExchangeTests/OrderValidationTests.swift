import PaperExchange
import Testing
import WardenCore

/// Parameter rules of `POST /fapi/v1/order`: lot steps, client order ids, stop types, notional.
struct OrderValidationTests {
    @Test(arguments: [
        // BTCUSDT MARKET_LOT_SIZE: step 0.001, min 0.001, max 120 (LOT_SIZE max 1000).
        ("BTCUSDT", "0.002", nil as Int?), ("BTCUSDT", "0.00200", nil), ("BTCUSDT", "120", nil),
        ("BTCUSDT", "0.0015", -1111), ("BTCUSDT", "0.000000001", -1111), ("BTCUSDT", "121", -4005),
        ("BTCUSDT", "0", -4003), ("BTCUSDT", "abc", -1100), ("BTCUSDT", "1e-3", -1100),
        // SOLUSDT: whole contracts only.
        ("SOLUSDT", "1", nil), ("SOLUSDT", "1.5", -1111),
    ])
    func marketQuantityMustSitOnTheStep(_ symbol: String, _ quantity: String, _ code: Int?) {
        var state = PaperExchange.State()
        let reply = state.market(symbol, "BUY", quantity)
        #expect(reply.code == code, "\(symbol) \(quantity): \(reply.body)")
        #expect(state.orders.count == (code == nil ? 1 : 0))
    }

    @Test
    func offGridQuantityWithinPrecisionIs4023() {
        var state = PaperExchange.State()
        let listed = state.admin("POST", "/admin/symbols", #"{"symbol":"HALFUSDT","tickSize":"0.01","stepSize":"0.5","markPrice":"100"}"#)
        #expect(listed.status == 200)
        #expect(state.market("HALFUSDT", "BUY", "1.5").code == nil)
        #expect(state.market("HALFUSDT", "BUY", "1.2").code == -4023)
        #expect(state.market("HALFUSDT", "BUY", "1.25").code == -1111)
    }

    @Test
    func limitOrdersUseLotSizeAndPriceFilter() {
        var state = PaperExchange.State()
        let base = [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC")]
        #expect(state.order(base + [("quantity", "500"), ("price", "60000.1")]).code == nil, "LOT_SIZE max is 1000")
        #expect(state.order(base + [("quantity", "0.01"), ("price", "60000.15")]).code == -1111)
        #expect(state.order(base + [("quantity", "0.01"), ("price", "1000000")]).code == -4002)
        #expect(state.order(base + [("quantity", "0.01"), ("price", "100")]).code == -4013)
        #expect(state.order(base + [("quantity", "0.01")]).code == -1102)
        #expect(state.order(base.dropLast() + [("quantity", "0.01"), ("price", "60000")]).code == -1102)
        #expect(state.order(base.dropLast() + [("timeInForce", "DAY"), ("quantity", "0.01"), ("price", "60000")]).code == -1115)
        #expect(state.market("BTCUSDT", "BUY", "0.01", [("price", "65000")]).code == -1106)
    }

    @Test(arguments: [
        (String(repeating: "a", count: 36), nil as Int?), (String(repeating: "a", count: 37), -4015),
        ("warden.emergency:BTC/1_x-9", nil), ("has space", -1100), ("émoji", -1100), ("semi;colon", -1100),
    ])
    func clientOrderIdRules(_ id: String, _ code: Int?) {
        var state = PaperExchange.State()
        let reply = state.market("BTCUSDT", "BUY", "0.002", [("newClientOrderId", id)])
        #expect(reply.code == code, "\(id): \(reply.body)")
        if code == nil { #expect(reply.json["clientOrderId"]?.stringValue == id) }
    }

    @Test
    func missingClientOrderIdIsGenerated() {
        var state = PaperExchange.State()
        let reply = state.market("BTCUSDT", "BUY", "0.002")
        let id = try? #require(reply.json["clientOrderId"]?.stringValue)
        #expect(id?.isEmpty == false)
    }

    @Test
    func duplicateClientOrderIdIsRefusedOnlyWhileTheFirstIsOpen() {
        var state = PaperExchange.State()
        let limit = [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.01"),
                     ("price", "60000"), ("newClientOrderId", "rest-1")]
        let first = state.order(limit)
        #expect(first.json["status"]?.stringValue == "NEW")
        #expect(state.order(limit).code == -4116, "the first is still open")
        let cancelled = state.send("DELETE", "/fapi/v1/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "rest-1")])
        #expect(cancelled.json["status"]?.stringValue == "CANCELED")
        #expect(state.order(limit).code == nil, "no longer open: the id is free again")
    }

    @Test
    func filledMarketOrderDoesNotReserveItsClientOrderId() {
        var state = PaperExchange.State()
        let first = state.market("BTCUSDT", "BUY", "0.002", [("newClientOrderId", "warden-close-1")])
        #expect(first.json["status"]?.stringValue == "FILLED")
        // A blind resend with the same id is NOT rejected: it trades again. Hence "query before resend".
        let again = state.market("BTCUSDT", "BUY", "0.002", [("newClientOrderId", "warden-close-1")])
        #expect(again.code == nil)
        #expect(again.json["status"]?.stringValue == "FILLED")
        #expect(state.orders.filter { $0.clientOrderId == "warden-close-1" }.count == 2)
        #expect(state.amount("BTCUSDT") == "0.004")
        // The query by client id finds the most recent of them.
        let found = state.send("GET", "/fapi/v1/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "warden-close-1")])
        #expect(found.json["orderId"]?.double == again.json["orderId"]?.double)
    }

    @Test(arguments: ["STOP_MARKET", "TAKE_PROFIT_MARKET", "STOP", "TAKE_PROFIT", "TRAILING_STOP_MARKET"])
    func stopTypesBelongToTheAlgoAPI(_ type: String) {
        var state = exchange(holding: "0.01")
        let reply = state.order([("symbol", "BTCUSDT"), ("side", "SELL"), ("type", type), ("quantity", "0.01"),
                                 ("stopPrice", "50000"), ("reduceOnly", "true")])
        #expect(reply.code == -4120)
        #expect(reply.json["msg"]?.stringValue == "Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.")
        #expect(state.orders.isEmpty)
        // The Algo endpoint validates the same order and says the paper exchange does not run it.
        let algo = state.send("POST", "/fapi/v1/algoOrder", [("algoType", "CONDITIONAL"), ("symbol", "BTCUSDT"), ("side", "SELL"),
                                                            ("type", type), ("triggerPrice", "50000"), ("quantity", "0.01")])
        #expect(algo.code == -1020)
    }

    @Test
    func basicParametersAreChecked() {
        var state = PaperExchange.State()
        #expect(state.order([("side", "BUY"), ("type", "MARKET"), ("quantity", "0.002")]).code == -1102)
        #expect(state.market("DOGEUSDT", "BUY", "1").code == -1121)
        #expect(state.market("BTCUSDT", "HOLD", "0.002").code == -1117)
        #expect(state.order([("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "ICEBERG"), ("quantity", "1")]).code == -1116)
        #expect(state.order([("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET")]).code == -1102)
        #expect(state.market("BTCUSDT", "BUY", "0.002", [("newOrderRespType", "FULL")]).code == -1136)
        #expect(state.market("BTCUSDT", "SELL", "0.002", [("closePosition", "true")]).code == -1106)
    }

    @Test
    func notionalBelowMinimumIs4164UnlessReduceOnly() {
        var state = exchange(holding: "0.01")
        let small = state.market("BTCUSDT", "BUY", "0.001")  // 0.001 × 65000 = 65 < 100
        #expect(small.code == -4164)
        #expect(small.json["msg"]?.stringValue == "Order's notional must be no smaller than 100 (unless you choose reduce only).")
        #expect(state.market("BTCUSDT", "SELL", "0.001", [("reduceOnly", "true")]).code == nil)
    }
}
