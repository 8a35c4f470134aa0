import Testing
import WardenCore

struct EscalationPolicyTests {
    let t0 = WallTime(milliseconds: 1_800_000_000_000)
    let btc = PositionKey(symbol: "BTCUSDT"), eth = PositionKey(symbol: "ETHUSDT")

    func alert(_ name: AlertName) -> Alert {
        Alert(key: AlertKey(name, "s"), severity: .critical, summary: "x", state: .firing, startsAt: t0)
    }

    @Test(arguments: [AlertName.consumerStalled, .restartStorm, .safeModeStuck])
    func brokenPathAlertEscalatesEveryDuePositionOnce(name: AlertName) {
        var already: Set<PositionKey> = []
        let first = EscalationPolicy.escalations(firing: [alert(name)], due: [btc, eth], already: &already)
        #expect(first.map(\.key) == [btc, eth])
        #expect(first.allSatisfy { $0.why.contains(name.rawValue) })
        #expect(EscalationPolicy.escalations(firing: [alert(name)], due: [btc, eth], already: &already).isEmpty)
    }

    @Test(arguments: [AlertName.consumerLag, .staleStream, .priceStale, .redisUnreachable])
    func otherAlertsDoNotEscalate(name: AlertName) {
        var already: Set<PositionKey> = []
        #expect(EscalationPolicy.escalations(firing: [alert(name)], due: [btc], already: &already).isEmpty)
    }

    @Test
    func nothingDueNothingEscalatedAndAReturningPositionIsNew() {
        var already: Set<PositionKey> = []
        #expect(EscalationPolicy.escalations(firing: [alert(.safeModeStuck)], due: [], already: &already).isEmpty)
        _ = EscalationPolicy.escalations(firing: [alert(.safeModeStuck)], due: [btc], already: &already)
        _ = EscalationPolicy.escalations(firing: [], due: [], already: &already)  // BTC left the book
        #expect(EscalationPolicy.escalations(firing: [alert(.safeModeStuck)], due: [btc], already: &already).map(\.key) == [btc])
    }
}
