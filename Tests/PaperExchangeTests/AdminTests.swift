import PaperExchange
import Testing
import WardenCore

/// The admin API: set up positions, prices, mode and account; list orders; reset.
struct AdminTests {
    @Test
    func positionsAreSetReadAndClosed() {
        var state = PaperExchange.State()
        let set = state.admin("POST", "/admin/positions", #"{"positions":[{"symbol":"BTCUSDT","amount":"-0.5","entryPrice":"64000","leverage":10},{"symbol":"ETHUSDT","amount":2,"entryPrice":3000}]}"#)
        #expect(set.status == 200, "\(set.body)")
        guard case .array(let items) = set.json else { Issue.record("\(set.body)"); return }
        #expect(items.map { $0["symbol"]?.stringValue } == ["BTCUSDT", "ETHUSDT"])
        #expect(items.first?["amount"]?.stringValue == "-0.5")
        #expect(items.first?["leverage"]?.double == 10)
        _ = state.admin("POST", "/admin/positions", #"{"symbol":"BTCUSDT","amount":"0"}"#)
        #expect(state.amount("BTCUSDT") == "0")
        #expect(state.admin("GET", "/admin/positions").json == .array([items[1]]))
    }

    @Test(arguments: [
        #"{"symbol":"NOPEUSDT","amount":"1","entryPrice":"1"}"#, #"{"symbol":"BTCUSDT","amount":"1"}"#,
        #"{"symbol":"BTCUSDT","amount":"1","entryPrice":"1","positionSide":"LONG"}"#, #"{"symbol":"BTCUSDT"}"#, "not json",
    ])
    func badPositionsAreRefused(_ body: String) {
        var state = PaperExchange.State()
        let reply = state.admin("POST", "/admin/positions", body)
        #expect(reply.status == 400)
        #expect(reply.json["error"]?.stringValue != nil)
        #expect(state.positions.isEmpty)
    }

    @Test
    func accountChangeRetiresTheOldKey() {
        var state = PaperExchange.State()
        #expect(state.admin("POST", "/admin/account", #"{"apiKey":"k2","secret":"s2"}"#).status == 200)
        #expect(state.send("GET", "/fapi/v1/positionSide/dual").code == -2015)
        #expect(state.send("GET", "/fapi/v1/positionSide/dual", caller: Caller(apiKey: "k2", secret: "s2")).status == 200)
        #expect(state.send("GET", "/fapi/v1/positionSide/dual", caller: Caller(apiKey: "k2", secret: "paper-secret")).code == -1022)
    }

    @Test
    func ordersAndRequestsAreListedAndResetForgetsEverything() {
        var state = PaperExchange.State()
        _ = state.market("BTCUSDT", "BUY", "0.010", [("newClientOrderId", "one")])
        _ = state.market("BTCUSDT", "BUY", "0.001")  // refused: -4164
        let orders = state.admin("GET", "/admin/orders")
        guard case .array(let list) = orders.json else { Issue.record("\(orders.body)"); return }
        #expect(list.map { $0["clientOrderId"]?.stringValue } == ["one"], "only accepted orders")
        let journal = state.handleAdmin(.init(method: "GET", path: "/admin/requests", query: "path=/fapi/v1/order"),
                                        now: WallTime(milliseconds: t0))
        guard case .array(let entries) = journal.json else { Issue.record("\(journal.body)"); return }
        #expect(entries.map { $0["code"]?.double } == [nil, -4164])
        #expect(entries.first?["params"]?["signature"] == nil)
        _ = state.admin("POST", "/admin/clock", #"{"skewMs":1500}"#)
        _ = state.admin("POST", "/admin/reset")
        #expect(state.orders.isEmpty && state.positions.isEmpty && state.journal.isEmpty && state.clockSkewMs == 0)
        #expect(state.markPrices["BTCUSDT"] == PaperDecimal(65000))
    }

    @Test
    func stateSummaryAndUnknownRoute() {
        var state = PaperExchange.State()
        let summary = state.admin("GET", "/admin/state").json
        #expect(summary["apiKey"]?.stringValue == "paper-key")
        #expect(summary["dualSidePosition"] == .bool(false))
        #expect(state.admin("GET", "/admin/nothing").status == 404)
    }
}

extension AdminTests {
    @Test
    func positionsMustSitOnTheLotStep() {
        var state = PaperExchange.State()
        #expect(state.admin("POST", "/admin/positions", #"{"symbol":"BTCUSDT","amount":"0.0105","entryPrice":"60000"}"#).status == 400)
        #expect(state.admin("POST", "/admin/positions", #"{"symbol":"SOLUSDT","amount":"-3","entryPrice":"140"}"#).status == 200)
    }
}
