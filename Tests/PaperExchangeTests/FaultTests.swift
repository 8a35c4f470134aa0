import PaperExchange
import Testing
import WardenCore

/// Injected faults in the state machine: which ones carry out the request, what they answer.
struct FaultTests {
    func inject(_ state: inout PaperExchange.State, _ json: String) {
        let reply = state.admin("POST", "/admin/faults", json)
        #expect(reply.status == 200, "\(reply.body)")
    }

    @Test(arguments: [
        // (kind, HTTP status, code in the body, order carried out)
        ("unknown_503", 503, -1000 as Int?, true), ("timeout_1007", 408, -1007, true),
        ("http_500", 500, nil, false), ("unavailable_503", 503, -1000, false), ("rate_limit_429", 429, -1003, false),
        ("throttled_1008", 503, -1008, false),
    ])
    func faultAnswersAndExecution(_ kind: String, _ status: Int, _ code: Int?, _ executes: Bool) {
        var state = PaperExchange.State()
        inject(&state, #"{"path":"/fapi/v1/order","kind":"\#(kind)"}"#)
        let reply = state.market("BTCUSDT", "BUY", "0.010", [("newClientOrderId", "f-1")])
        #expect(reply.status == status)
        #expect(reply.code == code, "\(reply.body)")
        #expect(state.orders.count == (executes ? 1 : 0))
        #expect(state.amount("BTCUSDT") == (executes ? "0.01" : "0"))
        #expect(state.journal.last?.fault?.rawValue == kind)
        #expect(state.journal.last?.executed == executes)
        if kind == "unknown_503" {
            #expect(reply.json["msg"]?.stringValue == "Unknown error, please check your request or try again later.")
        }
        if kind == "rate_limit_429" { #expect(reply.header("Retry-After") == "1") }
        // One request only: the next goes through.
        #expect(state.market("BTCUSDT", "BUY", "0.010").status == 200)
    }

    @Test
    func timeoutHoldsTheRealAnswerAfterDoingTheWork() {
        var state = PaperExchange.State()
        inject(&state, #"{"path":"/fapi/v1/order","kind":"timeout","holdMs":2500}"#)
        let reply = state.market("BTCUSDT", "BUY", "0.010")
        #expect(reply.hold == .milliseconds(2500))
        #expect(reply.status == 200)
        #expect(reply.json["status"]?.stringValue == "FILLED")
        #expect(state.amount("BTCUSDT") == "0.01")
    }

    @Test
    func throttlingSparesReduceOnlyAndClosingOrders() {
        var state = exchange(holding: "0.010")
        inject(&state, #"{"path":"/fapi/v1/order","kind":"throttled_1008","count":5}"#)
        #expect(state.market("BTCUSDT", "BUY", "0.010").code == -1008)
        let close = state.market("BTCUSDT", "SELL", "0.010", [("reduceOnly", "true")])
        #expect(close.status == 200, "\(close.body)")
        #expect(state.amount("BTCUSDT") == "0")
    }

    @Test
    func faultsCountRequestsPerPathAndCanBeOverridden() {
        var state = PaperExchange.State()
        inject(&state, #"{"path":"/fapi/v2/positionRisk","kind":"http_500","count":2}"#)
        inject(&state, #"{"path":"/fapi/v1/order","kind":"http_500","execute":true,"status":502}"#)
        #expect(state.send("GET", "/fapi/v1/positionSide/dual").status == 200, "other paths are untouched")
        #expect(state.send("GET", "/fapi/v2/positionRisk").status == 500)
        #expect(state.send("GET", "/fapi/v2/positionRisk").status == 500)
        #expect(state.send("GET", "/fapi/v2/positionRisk").status == 200)
        let order = state.market("BTCUSDT", "BUY", "0.010")
        #expect(order.status == 502)
        #expect(state.orders.count == 1, "execute: true overrides the kind's default")
        #expect(state.faults.isEmpty)
    }

    @Test
    func unknownFaultKindIsRefused() {
        var state = PaperExchange.State()
        #expect(state.admin("POST", "/admin/faults", #"{"path":"/fapi/v1/order","kind":"meteor"}"#).status == 400)
    }

    @Test
    func everyAnswerCarriesTheUsedWeightAndOrdersTheirCounts() {
        var state = PaperExchange.State()
        let now = WallTime(milliseconds: t0)
        #expect(state.handle(.init(method: "GET", path: "/fapi/v1/time"), now: now).header("X-MBX-USED-WEIGHT-1M") == "1")
        #expect(state.handle(.init(method: "GET", path: "/fapi/v1/premiumIndex"), now: now).header("X-MBX-USED-WEIGHT-1M") == "11")
        #expect(state.send("GET", "/fapi/v2/positionRisk").header("X-MBX-USED-WEIGHT-1M") == "16")
        let order = state.market("BTCUSDT", "BUY", "0.010")
        #expect(order.header("X-MBX-USED-WEIGHT-1M") == "16", "orders weigh 0 on the IP limit")
        #expect(order.header("X-MBX-ORDER-COUNT-10S") == "1")
        #expect(order.header("X-MBX-ORDER-COUNT-1M") == "1")
        // A new minute starts from zero.
        let later = state.handle(.init(method: "GET", path: "/fapi/v1/time"), now: WallTime(milliseconds: t0 + 60_000))
        #expect(later.header("X-MBX-USED-WEIGHT-1M") == "1")
    }

    @Test
    func weightAboveTheLimitIs429WithRetryAfter() {
        var state = PaperExchange.State()
        state.weightLimit = 25
        let now = WallTime(milliseconds: t0)
        #expect(state.handle(.init(method: "GET", path: "/fapi/v1/premiumIndex"), now: now).status == 200)
        #expect(state.handle(.init(method: "GET", path: "/fapi/v1/premiumIndex"), now: now).status == 200)
        let limited = state.handle(.init(method: "GET", path: "/fapi/v1/premiumIndex"), now: now)
        #expect(limited.status == 429)
        #expect(limited.code == -1003)
        #expect(limited.header("Retry-After").flatMap { Int($0) }.map { (1...60).contains($0) } == true)
    }
}
