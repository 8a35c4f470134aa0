import PaperExchange
import Testing
import WardenCore

/// MARKET fills at the mark price, position arithmetic, RESULT/ACK answers and order queries.
struct FillTests {
    func setMark(_ state: inout PaperExchange.State, _ price: String) {
        let reply = state.admin("POST", "/admin/mark-prices", #"{"symbol":"BTCUSDT","price":"\#(price)"}"#)
        #expect(reply.status == 200, "\(reply.body)")
    }

    @Test
    func marketOrderFillsAtTheMarkAndResultShowsTheFill() {
        var state = PaperExchange.State()
        setMark(&state, "65000.5")
        let reply = state.market("BTCUSDT", "BUY", "0.010", [("newClientOrderId", "open-1")], now: t0 + 7)
        let o = reply.json
        #expect(reply.status == 200)
        #expect(o["status"]?.stringValue == "FILLED")
        #expect(o["executedQty"]?.stringValue == "0.010")
        #expect(o["origQty"]?.stringValue == "0.010")
        #expect(o["avgPrice"]?.double == 65000.5)
        #expect(o["cumQuote"]?.double == 650.005)
        #expect(o["side"]?.stringValue == "BUY")
        #expect(o["positionSide"]?.stringValue == "BOTH")
        #expect(o["type"]?.stringValue == "MARKET")
        #expect(o["reduceOnly"] == .bool(false))
        #expect(o["clientOrderId"]?.stringValue == "open-1")
        #expect(o["updateTime"]?.double == Double(t0 + 7))
        #expect(o["orderId"]?.double != nil)
        #expect(state.amount("BTCUSDT") == "0.01")
        #expect(state.entry("BTCUSDT") == "65000.5")
    }

    @Test
    func ackAnswersTheOrderAsAcceptedButItStillFills() {
        var state = PaperExchange.State()
        let reply = state.market("BTCUSDT", "BUY", "0.010", [("newOrderRespType", "ACK")])
        #expect(reply.json["status"]?.stringValue == "NEW")
        #expect(reply.json["executedQty"]?.stringValue == "0.000")
        #expect(state.amount("BTCUSDT") == "0.01")
        let id = reply.json["orderId"]?.double.map { String(Int64($0)) } ?? ""
        let queried = state.send("GET", "/fapi/v1/order", [("symbol", "BTCUSDT"), ("orderId", id)])
        #expect(queried.json["status"]?.stringValue == "FILLED")
    }

    @Test
    func positionArithmetic() {
        var state = PaperExchange.State()
        _ = state.market("BTCUSDT", "BUY", "0.010")                       // 0.010 @ 65000
        setMark(&state, "66000")
        _ = state.market("BTCUSDT", "BUY", "0.010")                       // + 0.010 @ 66000
        #expect(state.amount("BTCUSDT") == "0.02")
        #expect(state.entry("BTCUSDT") == "65500", "quantity-weighted average")
        _ = state.market("BTCUSDT", "SELL", "0.005")                      // reduce: entry stays
        #expect(state.amount("BTCUSDT") == "0.015")
        #expect(state.entry("BTCUSDT") == "65500")
        setMark(&state, "64000")
        _ = state.market("BTCUSDT", "SELL", "0.025")                      // flip through zero
        #expect(state.amount("BTCUSDT") == "-0.01")
        #expect(state.entry("BTCUSDT") == "64000")
        _ = state.market("BTCUSDT", "BUY", "0.010")                       // close
        #expect(state.amount("BTCUSDT") == "0")
        #expect(state.entry("BTCUSDT") == "0")
    }

    @Test
    func positionRiskShowsUnrealizedProfitAtTheMark() {
        var state = exchange(holding: "-0.010", entry: "60000")
        setMark(&state, "61000")
        let risk = state.send("GET", "/fapi/v2/positionRisk", [("symbol", "BTCUSDT")])
        guard case .array(let items) = risk.json, let item = items.first else { Issue.record("\(risk.body)"); return }
        #expect(item["positionAmt"]?.stringValue == "-0.010")
        #expect(item["entryPrice"]?.double == 60000)
        #expect(item["markPrice"]?.double == 61000)
        #expect(item["unRealizedProfit"]?.double == -10)
        #expect(item["notional"]?.double == -610)
    }

    @Test
    func restingLimitFillsAtItsPriceWhenTheMarkReachesIt() {
        var state = PaperExchange.State()
        let placed = state.order([("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"),
                                  ("price", "64000"), ("quantity", "0.010")])
        #expect(placed.json["status"]?.stringValue == "NEW")
        #expect(state.amount("BTCUSDT") == "0")
        setMark(&state, "63999.9")
        #expect(state.amount("BTCUSDT") == "0.01")
        #expect(state.entry("BTCUSDT") == "64000")
        #expect(state.openOrders.isEmpty)
    }

    @Test
    func limitThatCrossesFillsAtOnceAndIocOrPostOnlyDoNotRest() {
        var state = PaperExchange.State()
        let base = [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("quantity", "0.010")]
        #expect(state.order(base + [("timeInForce", "GTC"), ("price", "70000")]).json["avgPrice"]?.double == 65000)
        #expect(state.order(base + [("timeInForce", "IOC"), ("price", "60000")]).json["status"]?.stringValue == "EXPIRED")
        #expect(state.order(base + [("timeInForce", "GTX"), ("price", "70000")]).code == -5022)
        #expect(state.openOrders.isEmpty)
    }

    @Test
    func queryOrderByIdOrClientIdAndUnknownIs2013() {
        var state = PaperExchange.State()
        let placed = state.market("BTCUSDT", "BUY", "0.010", [("newClientOrderId", "q-1")])
        let id = String(Int64(placed.json["orderId"]?.double ?? 0))
        #expect(state.send("GET", "/fapi/v1/order", [("symbol", "BTCUSDT"), ("orderId", id)]).json["clientOrderId"]?.stringValue == "q-1")
        #expect(state.send("GET", "/fapi/v1/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "q-1")]).json["orderId"]
                == placed.json["orderId"])
        let unknown = state.send("GET", "/fapi/v1/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "never-sent")])
        #expect(unknown.code == -2013)
        #expect(unknown.status == 400)
        #expect(unknown.json["msg"]?.stringValue == "Order does not exist.")
        #expect(state.send("GET", "/fapi/v1/order", [("symbol", "ETHUSDT"), ("orderId", id)]).code == -2013, "another symbol's order")
        #expect(state.send("GET", "/fapi/v1/order", [("symbol", "BTCUSDT")]).code == -1102)
    }
}
