import Testing
import WardenCore
@testable import WardenServices

/// The persisted incident record decodes to exactly what was encoded, for every phase.
struct FailsafeRecordTests {
    static let order = EmergencyOrder(symbol: "BTCUSDT", side: "SELL", quantity: "0.015", positionSide: "LONG",
                                      clientOrderID: "wd-emL-abc-BTCUSDT")
    static let phases: [EmergencyIncident.Phase] = [
        .needPosition, .sending(order), .unknownOutcome(order), .notFound(order), .confirming(order),
        .reduceOnlyRejected(order), .retrying(order), .halted("kill switch \"on\""), .done(.closed(orderID: "x")), .done(.alreadyFlat),
        .done(.dryRun(order)), .done(.notArmed), .done(.partlyClosed(remaining: 0.25)),
    ]

    @Test(arguments: phases)
    func roundTrips(_ phase: EmergencyIncident.Phase) {
        let i = EmergencyIncident(key: PositionKey(symbol: "BTCUSDT", hedgeSide: .long), why: "exit path broken: tp_hit",
                                  startedAt: WallTime(milliseconds: 1_790_000_000_123), phase: phase, sends: 2, failures: 1)
        let back = IncidentRecord.decode(IncidentRecord.encode(i))
        #expect(back == i)
        #expect(back?.order?.parameters.contains { $0 == ("positionSide", "LONG") } ?? (i.order == nil))
    }

    @Test(arguments: ["", "{}", #"{"symbol":"BTCUSDT","startedAt":1,"phase":"sending"}"#, #"{"symbol":"X","startedAt":1,"phase":"what"}"#])
    func rejectsBrokenRecords(_ text: String) {
        #expect(IncidentRecord.decode(text) == nil)
    }
}
