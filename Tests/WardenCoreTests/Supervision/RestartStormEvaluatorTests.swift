import Testing
import WardenCore

struct RestartStormEvaluatorTests {
    typealias Clock = SupervisionClock
    typealias Sample = RestartStormEvaluator.Sample
    static let unit = "trading-exec.service"

    static func active(_ n: UInt32) -> Sample { Sample(nRestarts: n, activeState: "active", result: "success") }

    /// `restarts` restarts, one a minute, after a baseline reading; the verdict at the end.
    @Test(arguments: [(3, Verdict.ok), (4, .bad)])
    func moreThanThreeRestartsInTenMinutesFires(restarts: Int, expected: Verdict) {
        var e = RestartStormEvaluator(unit: Self.unit)
        var last: Condition = .ok
        for n in 0...restarts { last = e.evaluate(Self.active(40 + UInt32(n)), now: Clock.at(60 * n)).first!.condition }
        #expect(last.verdict == expected)
        #expect(e.restartsInWindow == restarts)
        if expected == .bad {
            #expect(last.badSummary == "trading-exec.service restarted 4 times in 10m (limit 3), now active, result success, NRestarts 44")
        }
    }

    @Test
    func restartsOlderThanTheWindowStopCounting() {
        var e = RestartStormEvaluator(unit: Self.unit)
        _ = e.evaluate(Self.active(0), now: Clock.at(0))
        #expect(e.evaluate(Self.active(4), now: Clock.at(10)).first?.condition.verdict == .bad)
        #expect(e.evaluate(Self.active(4), now: Clock.at(609)).first?.condition.verdict == .bad)
        #expect(e.evaluate(Self.active(4), now: Clock.at(610)).first?.condition == .ok)
        #expect(e.restartsInWindow == 0)
    }

    /// The first reading and a counter that went down are baselines, never restarts.
    @Test
    func baselineAndCounterResetsDoNotCount() {
        var e = RestartStormEvaluator(unit: Self.unit)
        #expect(e.evaluate(Self.active(500), now: Clock.at(0)).first?.condition == .ok)
        #expect(e.evaluate(Self.active(2), now: Clock.at(60)).first?.condition == .ok)  // systemd restarted
        #expect(e.restartsInWindow == 0)
        #expect(e.evaluate(Self.active(5), now: Clock.at(120)).first?.condition == .ok)  // +3
        #expect(e.evaluate(Self.active(6), now: Clock.at(180)).first?.condition.verdict == .bad)  // +4
    }

    @Test
    func failedUnitIsCriticalAndResolvesWhenActiveAgain() {
        var e = RestartStormEvaluator(unit: Self.unit)
        let failed = Sample(nRestarts: 7, activeState: "failed", result: "exit-code")
        let out = e.evaluate(failed, now: Clock.at(0)).first!.condition
        #expect(out.badSeverity == .critical)
        #expect(out.badSummary == "trading-exec.service failed (result exit-code), 0 restarts in 10m, NRestarts 7")
        #expect(e.evaluate(Self.active(8), now: Clock.at(60)).first?.condition == .ok)
    }

    @Test
    func unreadableUnitIsUnknown() {
        var e = RestartStormEvaluator(unit: Self.unit)
        #expect(e.evaluate(nil, now: Clock.at(0)).map(\.condition.verdict) == [.unknown])
    }

    /// A restart every second for ten minutes: the record stays bounded, the count exact.
    @Test
    func manyRestartsKeepAnExactCountInBoundedMemory() {
        var e = RestartStormEvaluator(unit: Self.unit)
        for n in 0...599 { _ = e.evaluate(Self.active(UInt32(n)), now: Clock.at(n)) }
        #expect(e.restartsInWindow == 599)
        #expect(e.evaluate(Self.active(600), now: Clock.at(599)).first?.condition.verdict == .bad)
    }
}
