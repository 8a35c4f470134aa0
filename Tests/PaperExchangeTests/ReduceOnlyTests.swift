import PaperExchange
import WardenCore
import Testing

/// One-way mode `reduceOnly=true`: it may shrink or close a position, never open, add to or flip one.
struct ReduceOnlyTests {
    @Test(arguments: [
        // (position, side, quantity, expected code, position after)
        ("0", "SELL", "0.010", -2022 as Int?, "0"),              // nothing to reduce
        ("0", "BUY", "0.010", -2022, "0"),
        ("0.010", "BUY", "0.002", -2022, "0.01"),                // would add to a long
        ("-0.010", "SELL", "0.002", -2022, "-0.01"),             // would add to a short
        ("0.010", "SELL", "0.020", -2022, "0.01"),               // would flip: refused, not trimmed
        ("-0.010", "BUY", "0.011", -2022, "-0.01"),
        ("0.010", "SELL", "0.010", nil, "0"),                    // exact close
        ("-0.010", "BUY", "0.010", nil, "0"),
        ("0.010", "SELL", "0.004", nil, "0.006"),                // partial close
        ("-0.010", "BUY", "0.001", nil, "-0.009"),               // below MIN_NOTIONAL: allowed when reduce-only
    ])
    func reduceOnlyRules(_ position: String, _ side: String, _ quantity: String, _ code: Int?, _ after: String) {
        var state = exchange(holding: position)
        let reply = state.market("BTCUSDT", side, quantity, [("reduceOnly", "true")])
        #expect(reply.code == code, "\(position) \(side) \(quantity): \(reply.body)")
        #expect(state.amount("BTCUSDT") == after)
        if code == -2022 {
            #expect(reply.json["msg"]?.stringValue == "ReduceOnly Order is rejected.")
            #expect(reply.status == 400)
            #expect(state.orders.isEmpty)
        } else {
            #expect(reply.json["status"]?.stringValue == "FILLED")
            #expect(reply.json["reduceOnly"] == .bool(true))
        }
    }

    @Test
    func partialCloseKeepsTheEntryPriceAndFullCloseClearsIt() {
        var state = exchange(holding: "0.010", entry: "60000")
        _ = state.market("BTCUSDT", "SELL", "0.004", [("reduceOnly", "true")])
        #expect(state.entry("BTCUSDT") == "60000")
        _ = state.market("BTCUSDT", "SELL", "0.006", [("reduceOnly", "true")])
        #expect(state.amount("BTCUSDT") == "0")
        #expect(state.entry("BTCUSDT") == "0")
    }

    @Test
    func openReduceOnlyOrdersCountAgainstThePosition() {
        var state = exchange(holding: "0.010")
        let resting = state.order([("symbol", "BTCUSDT"), ("side", "SELL"), ("type", "LIMIT"), ("timeInForce", "GTC"),
                                   ("price", "70000"), ("quantity", "0.006"), ("reduceOnly", "true")])
        #expect(resting.json["status"]?.stringValue == "NEW")
        #expect(state.market("BTCUSDT", "SELL", "0.005", [("reduceOnly", "true")]).code == -2022, "0.006 + 0.005 > 0.010")
        #expect(state.market("BTCUSDT", "SELL", "0.004", [("reduceOnly", "true")]).code == nil)
    }

    @Test
    func reduceOnlyFalseIsAnOrdinaryOrderThatMayFlip() {
        var state = exchange(holding: "0.010")
        let reply = state.market("BTCUSDT", "SELL", "0.020", [("reduceOnly", "false")])
        #expect(reply.code == nil)
        #expect(state.amount("BTCUSDT") == "-0.01")
        #expect(state.entry("BTCUSDT") == "65000", "the flipped remainder is entered at the fill price")
    }

    @Test
    func reduceOnlyMustBeTrueOrFalse() {
        var state = exchange(holding: "0.010")
        #expect(state.market("BTCUSDT", "SELL", "0.010", [("reduceOnly", "yes")]).code == -1130)
        #expect(state.market("BTCUSDT", "SELL", "0.010", [("reduceOnly", "TRUE")]).code == nil, "Binance reads booleans case-insensitively")
    }

    @Test
    func restingReduceOnlyOrderNeverOutgrowsAShrunkPosition() {
        var state = exchange(holding: "0.010")
        _ = state.order([("symbol", "BTCUSDT"), ("side", "SELL"), ("type", "LIMIT"), ("timeInForce", "GTC"),
                         ("price", "70000"), ("quantity", "0.010"), ("reduceOnly", "true")])
        // Someone else closes most of the position meanwhile.
        _ = state.market("BTCUSDT", "SELL", "0.007")
        #expect(state.admin("POST", "/admin/mark-prices", #"{"symbol":"BTCUSDT","price":"70000"}"#).status == 200)
        #expect(state.amount("BTCUSDT") == "0", "only the 0.003 left was closed")
        let order = state.orders.first
        #expect(order?.executedQty.description == "0.003")
        #expect(order?.status == .expired)
    }
}
