import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing
@testable import WardenServices

/// Every loop waits between cycles with `Pause`: it must last its time, and end at once when
/// graceful shutdown starts or the task is cancelled (a 60 s bootstrap pause must never hold
/// up `systemctl stop`). "Timing" in the name: wall-clock waits, run in their own pass.
@Suite(.timeLimit(.minutes(1)))
struct PauseTimingTests {
    @Test
    func lastsItsDuration() async {
        let started = ContinuousClock.now
        await Pause.for(.milliseconds(150))
        let took = ContinuousClock.now - started
        #expect(took >= .milliseconds(150) && took < .seconds(2), "took \(took)")
    }

    @Test
    func endsWhenGracefulShutdownStarts() async {
        await testGracefulShutdown { trigger in
            let pause = await Self.startedMinutePause()
            trigger.triggerGracefulShutdown()
            let took = await pause.value
            #expect(took < .seconds(2), "took \(took)")
            // Once shutdown has begun, a new pause does not wait at all.
            let started = ContinuousClock.now
            await Pause.for(.seconds(60))
            #expect(ContinuousClock.now - started < .seconds(1))
        }
    }

    @Test
    func endsWhenTheTaskIsCancelled() async {
        let pause = await Self.startedMinutePause()
        pause.cancel()
        let took = await pause.value
        #expect(took < .seconds(2), "took \(took)")
    }

    @Test
    func loopsWaitingForOneTickWakeTogetherOnIt() async {
        // Three waiters on the 300 ms grid, started 0, 20 and 40 ms apart, wait for one shared
        // tick. On a busy machine a start can slip past a tick, so an attempt whose waiters did
        // not all pick the same tick is made again (the grid arithmetic itself is PauseGridTests').
        for _ in 0..<5 {
            let waiters = (0..<3).map { i in
                Task {
                    try? await Task.sleep(for: .milliseconds(20 * i))
                    let tick = Pause.nextTick(of: .milliseconds(300), after: .now)
                    await Pause.untilNextTick(of: .milliseconds(300))
                    return (tick: tick, woke: ContinuousClock.now)
                }
            }
            var results: [(tick: ContinuousClock.Instant, woke: ContinuousClock.Instant)] = []
            for w in waiters { results.append(await w.value) }
            guard Set(results.map(\.tick)).count == 1 else { continue }
            #expect(results.allSatisfy { $0.woke >= $0.tick }, "woke before the tick")
            // Woken by one timer: well under a tick apart, even on a busy machine.
            let spread = results.map(\.woke).max()! - results.map(\.woke).min()!
            #expect(spread < .milliseconds(300), "woke \(spread) apart")
            return
        }
        Issue.record("in five attempts the three waiters never waited for the same tick")
    }

    @Test
    func aTickWaitEndsWhenTheTaskIsCancelled() async {
        let pause = Task {
            let started = ContinuousClock.now
            await Pause.untilNextTick(of: .seconds(3600))
            return ContinuousClock.now - started
        }
        try? await Task.sleep(for: .milliseconds(100))
        pause.cancel()
        let took = await pause.value
        #expect(took < .seconds(2), "took \(took)")
    }

    /// A 60 s pause in a task of its own (inheriting the test's graceful-shutdown context), 100 ms
    /// under way; its value is how long the pause lasted.
    static func startedMinutePause() async -> Task<Duration, Never> {
        let pause = Task {
            let started = ContinuousClock.now
            await Pause.for(.seconds(60))
            return ContinuousClock.now - started
        }
        try? await Task.sleep(for: .milliseconds(100))
        return pause
    }
}
