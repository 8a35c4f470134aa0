import Testing
import WardenCore

struct EmergencyPlannerTests {
    static let btcLot = LotFilter(stepSize: "0.001", minQty: "0.001", maxQty: "120")
    let t = WallTime(milliseconds: 1_800_000_000_000)

    @Test(arguments: [
        (0.015, "0.015"), (0.0159999, "0.015"), (0.3, "0.3"), (0.001, "0.001"), (1, "1"), (500, "120"),
    ] as [(Double, String)])
    func quantityIsFlooredToTheStepNeverRoundedUp(amount: Double, expected: String) {
        let text = Self.btcLot.closingQuantity(amount)
        #expect(text.map { Double($0)! } == Double(expected))
        #expect(text.flatMap(Double.init).map { $0 <= amount } == true, "never more than the position")
    }

    @Test
    func lotTextKeepsTheStepsDecimals() {
        #expect(LotFilter(stepSize: "0.001", minQty: "0.001", maxQty: "1000").text(steps: 1500) == "1.500")
        #expect(LotFilter(stepSize: "1", minQty: "1", maxQty: "1000").text(steps: 7) == "7")
        #expect(LotFilter(stepSize: "0.10", minQty: "0.1", maxQty: "1000").decimals == 1)
        #expect(LotFilter(stepSize: "0.1", minQty: "0.1", maxQty: "100").closingQuantity(0.3) == "0.3")
    }

    @Test
    func dustBelowTheMinimumIsNotAnOrder() {
        let p = ExchangePosition(symbol: "BTCUSDT", side: .long, quantity: 0.0004, entryPrice: 1, leverage: 1)
        #expect(EmergencyPlanner.plan(p, filter: Self.btcLot, hedgeMode: false, incident: t) == .failure(.belowMinimum("0.0004")))
        let flat = ExchangePosition(symbol: "BTCUSDT", side: .long, quantity: 0, entryPrice: 1, leverage: 1)
        #expect(EmergencyPlanner.plan(flat, filter: Self.btcLot, hedgeMode: false, incident: t) == .failure(.flat))
    }

    @Test
    func oneWayCloseIsMarketOppositeReduceOnlyWithResult() throws {
        let p = ExchangePosition(symbol: "BTCUSDT", side: .long, quantity: 0.0159, entryPrice: 1, leverage: 1)
        let order = try EmergencyPlanner.plan(p, filter: Self.btcLot, hedgeMode: false, incident: t).get()
        let params = Dictionary(uniqueKeysWithValues: order.parameters)
        #expect(params == ["symbol": "BTCUSDT", "side": "SELL", "type": "MARKET", "quantity": "0.015", "reduceOnly": "true",
                           "newClientOrderId": order.clientOrderID, "newOrderRespType": "RESULT"])
        #expect(ClientOrderID.isValid(order.clientOrderID))
    }

    @Test
    func hedgeCloseNamesThePositionSideAndNeverSendsReduceOnly() throws {
        let p = ExchangePosition(symbol: "ETHUSDT", side: .short, quantity: 2, entryPrice: 1, leverage: 1, hedgeSide: .short)
        let order = try EmergencyPlanner.plan(p, filter: LotFilter(stepSize: "0.01", minQty: "0.01", maxQty: "1000"),
                                              hedgeMode: true, incident: t).get()
        let params = Dictionary(uniqueKeysWithValues: order.parameters)
        #expect(params["side"] == "BUY" && params["positionSide"] == "SHORT" && params["reduceOnly"] == nil)
    }

    @Test
    func clientOrderIDIsDeterministicPerSymbolAndIncidentAndAlwaysValid() {
        let a = ClientOrderID.emergency(symbol: "BTCUSDT", incident: t)
        #expect(a == ClientOrderID.emergency(symbol: "BTCUSDT", incident: t))
        #expect(a != ClientOrderID.emergency(symbol: "BTCUSDT", incident: t + .seconds(1)))
        #expect(a != ClientOrderID.emergency(symbol: "ETHUSDT", incident: t))
        let long = ClientOrderID.emergency(symbol: String(repeating: "X", count: 40) + "é", incident: t)
        #expect(ClientOrderID.isValid(long) && long.utf8.count == 36)
        #expect(!ClientOrderID.isValid("") && !ClientOrderID.isValid("a b") && !ClientOrderID.isValid(String(repeating: "a", count: 37)))
    }
}
