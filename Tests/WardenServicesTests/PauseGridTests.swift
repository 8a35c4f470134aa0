import Testing
@testable import WardenServices

/// Periodic loops of one interval wake on a shared grid (`Pause.untilNextTick`).
struct PauseGridTests {
    @Test(arguments: [
        (2_300, 1_000, 3_000), (3_000, 1_000, 4_000), (2_999, 1_000, 3_000), (0, 1_000, 1_000),
        (-500, 1_000, 1_000), (12_000, 5_000, 15_000), (14_999, 5_000, 15_000), (7, 50, 50),
    ])
    func theNextTickIsTheFirstGridPointStrictlyAfter(atMs: Int, intervalMs: Int, expectedMs: Int) {
        let start = Pause.gridStart
        let next = Pause.nextTick(of: .milliseconds(intervalMs), after: start + .milliseconds(atMs))
        #expect(start.duration(to: next) == .milliseconds(expectedMs))
    }

    @Test func loopsOfOneIntervalShareTheirTicksAndKeepTheirPeriod() {
        let start = Pause.gridStart + .milliseconds(123_456)
        // Two loops started 0.3 s apart, each 40 ms of work per cycle: the same wake-ups, one a second.
        var a = Pause.nextTick(of: .seconds(1), after: start)
        var b = Pause.nextTick(of: .seconds(1), after: start + .milliseconds(300))
        for _ in 0..<5 {
            #expect(a == b)
            let previous = a
            a = Pause.nextTick(of: .seconds(1), after: a + .milliseconds(40))
            b = Pause.nextTick(of: .seconds(1), after: b + .milliseconds(40))
            #expect(a - previous == .seconds(1))
        }
        #expect(Pause.nextTick(of: .zero, after: start) == start)
    }
}
