import Testing
import WardenCore

struct SafeModeEvaluatorTests {
    typealias Clock = SupervisionClock

    @Test(arguments: [(899, Verdict.ok), (900, .bad)])
    func presentForFifteenMinutesFires(at: Int, expected: Verdict) {
        var e = SafeModeEvaluator()
        for s in stride(from: 0, to: at, by: 30) { _ = e.evaluate(present: true, now: Clock.at(s)) }
        #expect(e.evaluate(present: true, now: Clock.at(at)).first?.condition.verdict == expected)
        #expect(e.onSince == Clock.at(0))
    }

    @Test
    func summaryNamesTheKeyAndHowLong() {
        var e = SafeModeEvaluator()
        _ = e.evaluate(present: true, now: Clock.at(0))
        let out = e.evaluate(present: true, now: Clock.at(1200)).first
        #expect(out?.key == AlertKey(.safeModeStuck, "quantum:safety:safe_mode"))
        #expect(out?.condition.badSummary == "safe mode on for 20m (quantum:safety:safe_mode present since \(Clock.at(0).iso8601), limit 15m): every order, exits included, is blocked")
        #expect(out?.condition.badSeverity == .critical)
    }

    /// Only presence counts: an unreadable sample is unknown and keeps the clock running.
    @Test
    func unknownSamplesDoNotRestartTheClock() {
        var e = SafeModeEvaluator()
        _ = e.evaluate(present: true, now: Clock.at(0))
        #expect(e.evaluate(present: nil, now: Clock.at(450)).map(\.condition.verdict) == [.unknown])
        #expect(e.onSince == Clock.at(0))
        #expect(e.evaluate(present: true, now: Clock.at(900)).first?.condition.verdict == .bad)
    }

    @Test
    func goneResolvesAndTheNextStretchStartsAfresh() {
        var e = SafeModeEvaluator()
        _ = e.evaluate(present: true, now: Clock.at(0))
        #expect(e.evaluate(present: true, now: Clock.at(1000)).first?.condition.verdict == .bad)
        #expect(e.evaluate(present: false, now: Clock.at(1001)).first?.condition == .ok)
        #expect(e.onSince == nil)
        _ = e.evaluate(present: true, now: Clock.at(1002))
        #expect(e.onSince == Clock.at(1002))
        #expect(e.evaluate(present: true, now: Clock.at(1901)).first?.condition == .ok)
    }

    @Test
    func unknownFirstSampleLeavesSafeModeUnseen() {
        var e = SafeModeEvaluator(safeModeKey: "k")
        #expect(e.evaluate(present: nil, now: Clock.at(0)).map(\.condition) == [.unknown(reason: "k could not be read")])
        #expect(e.onSince == nil)
    }
}
