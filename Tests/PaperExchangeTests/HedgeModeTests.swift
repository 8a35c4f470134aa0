import PaperExchange
import WardenCore
import Testing

/// Dual-side (hedge) mode: `positionSide` LONG/SHORT is required, `reduceOnly` may not be sent,
/// and closing is SELL+LONG or BUY+SHORT, never more than that side holds.
struct HedgeModeTests {
    @Test(arguments: [(nil as String?, -4061 as Int?), ("BOTH", -4061), ("MIDDLE", -4060), ("LONG", nil), ("SHORT", nil)])
    func positionSideIsRequired(_ positionSide: String?, _ code: Int?) {
        var state = exchange(dualSide: true)
        // Opening orders: BUY+LONG, SELL+SHORT.
        let side = positionSide == "SHORT" ? "SELL" : "BUY"
        let reply = state.market("BTCUSDT", side, "0.002", positionSide.map { [("positionSide", $0)] } ?? [])
        #expect(reply.code == code, "\(positionSide ?? "none"): \(reply.body)")
    }

    @Test
    func oneWayModeRefusesLongAndShort() {
        var state = PaperExchange.State()
        #expect(state.market("BTCUSDT", "BUY", "0.002", [("positionSide", "LONG")]).code == -4061)
        #expect(state.market("BTCUSDT", "BUY", "0.002", [("positionSide", "BOTH")]).code == nil)
    }

    @Test(arguments: ["true", "false"])
    func reduceOnlyMayNotBeSent(_ value: String) {
        var state = exchange(holding: "0.010", dualSide: true)
        let reply = state.market("BTCUSDT", "SELL", "0.010", [("positionSide", "LONG"), ("reduceOnly", value)])
        #expect(reply.code == -1106)
        #expect(reply.json["msg"]?.stringValue == "Parameter 'reduceOnly' sent when not required.")
        #expect(state.amount("BTCUSDT", .long) == "0.01")
    }

    @Test
    func longAndShortLiveSideBySide() {
        var state = exchange(dualSide: true)
        #expect(state.market("BTCUSDT", "BUY", "0.010", [("positionSide", "LONG")]).code == nil)
        #expect(state.market("BTCUSDT", "SELL", "0.004", [("positionSide", "SHORT")]).code == nil)
        #expect(state.amount("BTCUSDT", .long) == "0.01")
        #expect(state.amount("BTCUSDT", .short) == "-0.004")
        let risk = state.send("GET", "/fapi/v2/positionRisk", [("symbol", "BTCUSDT")])
        guard case .array(let items) = risk.json else { Issue.record("not an array: \(risk.body)"); return }
        #expect(items.map { $0["positionSide"]?.stringValue } == ["LONG", "SHORT"])
        #expect(items.map { $0["positionAmt"]?.stringValue } == ["0.010", "-0.004"])
    }

    @Test(arguments: [
        // (side to close, closing order side, quantity, code, amount after)
        ("LONG", "SELL", "0.010", nil as Int?, "0"), ("LONG", "SELL", "0.004", nil, "0.006"), ("LONG", "SELL", "0.011", -2022, "0.01"),
        ("SHORT", "BUY", "0.010", nil, "0"), ("SHORT", "BUY", "0.020", -2022, "-0.01"),
    ])
    func closingNeverExceedsTheSide(_ side: String, _ orderSide: String, _ quantity: String, _ code: Int?, _ after: String) {
        var state = exchange(holding: side == "LONG" ? "0.010" : "-0.010", dualSide: true)
        let reply = state.market("BTCUSDT", orderSide, quantity, [("positionSide", side)])
        #expect(reply.code == code, "\(reply.body)")
        let key: PaperExchange.PositionSide = side == "LONG" ? .long : .short
        #expect(state.amount("BTCUSDT", key) == after)
        if code == nil { #expect(reply.json["positionSide"]?.stringValue == side) }
    }

    @Test
    func closingAFlatSideIsRejected() {
        var state = exchange(dualSide: true)
        #expect(state.market("BTCUSDT", "SELL", "0.001", [("positionSide", "LONG")]).code == -2022)
        #expect(state.market("BTCUSDT", "BUY", "0.001", [("positionSide", "SHORT")]).code == -2022)
    }

    @Test
    func modeCannotChangeWithAPositionOpen() {
        var state = exchange(holding: "0.010")
        #expect(state.admin("POST", "/admin/dual-side", #"{"dualSidePosition":true}"#).status == 409)
        let api = state.send("POST", "/fapi/v1/positionSide/dual", [("dualSidePosition", "true")])
        #expect(api.code == -4068)
        _ = state.market("BTCUSDT", "SELL", "0.010", [("reduceOnly", "true")])
        #expect(state.send("POST", "/fapi/v1/positionSide/dual", [("dualSidePosition", "true")]).status == 200)
        #expect(state.send("GET", "/fapi/v1/positionSide/dual").json["dualSidePosition"] == .bool(true))
    }
}
