import Dispatch
import ServiceLifecycle
import Synchronization

/// Sleeps that end early when graceful shutdown starts (or the task is cancelled), so a loop
/// waiting for its next cycle (a 60 s bootstrap interval, say) never holds up `systemctl stop`.
///
/// One continuation per pause, and one timer (shared by every pause waiting for the same tick of
/// `untilNextTick`). ServiceLifecycle's `cancelWhenGracefulShutdown`
/// does the same with a task group of two child tasks, which cost several thread hops per
/// pause: with several loops pausing every second that was a visible share of Warden's idle CPU.
public enum Pause {
    public static func until(_ deadline: ContinuousClock.Instant) async {
        await wait(until: deadline) { wake in scheduleTimer(at: deadline) { wake.fire() } }
    }

    /// Waits for `wake`, which `arm` hands to whatever fires it at `deadline`.
    private static func wait(until deadline: ContinuousClock.Instant, _ arm: @escaping (Wake) -> Void) async {
        guard ContinuousClock.now < deadline else { return }
        let wake = Wake()
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    guard wake.arm(continuation) else { return }
                    arm(wake)
                }
            } onCancel: {
                wake.fire()
            }
        } onGracefulShutdown: {
            wake.fire()
        }
    }

    /// Runs `body` on a global queue at `deadline` (a dispatch timer).
    fileprivate static func scheduleTimer(at deadline: ContinuousClock.Instant, _ body: @escaping @Sendable () -> Void) {
        let (seconds, attoseconds) = max(.zero, ContinuousClock.now.duration(to: deadline)).components
        let nanoseconds = Int(clamping: seconds) &* 1_000_000_000 &+ Int(attoseconds / 1_000_000_000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds), execute: body)
    }

    public static func `for`(_ duration: Duration) async {
        await until(.now + duration)
    }

    /// Until the next tick of a process-wide grid of `interval` steps: the periodic loops of one
    /// interval (every second: the mark-price poll, the alert ticker) then wake together, on one
    /// timer shared by all of them, instead of each arming its own timer at its own phase (each
    /// timer cost the timer thread two wake-ups, and a pool thread one). Each loop still runs once
    /// per `interval`; one that overran waits for the next tick. Not for loops that check "for
    /// at least N s" against times taken at earlier ticks: ticks exactly N s apart come out a hair
    /// short half the time, and the check passes one tick late.
    public static func untilNextTick(of interval: Duration) async {
        let tick = nextTick(of: interval, after: .now)
        await wait(until: tick) { wake in ticks.add(wake, at: tick) }
    }

    private static let ticks = TickTimers()

    /// The first tick of the `interval` grid after `instant`.
    static func nextTick(of interval: Duration, after instant: ContinuousClock.Instant) -> ContinuousClock.Instant {
        guard interval > .zero else { return instant }
        let elapsed = gridStart.duration(to: instant)
        let done = elapsed < .zero ? 0 : (elapsed / interval).rounded(.down)
        return gridStart + interval * (done + 1)
    }

    /// Where every grid starts: the first time any loop asked.
    static let gridStart = ContinuousClock.now
}

/// One timer per grid tick, firing every pause waiting for that tick.
private final class TickTimers: Sendable {
    private let waiting = Mutex([ContinuousClock.Instant: [Wake]]())

    func add(_ wake: Wake, at tick: ContinuousClock.Instant) {
        let first = waiting.withLock { waiting in
            defer { waiting[tick, default: []].append(wake) }
            return waiting[tick] == nil
        }
        guard first else { return }
        Pause.scheduleTimer(at: tick) { [self] in
            for wake in waiting.withLock({ $0.removeValue(forKey: tick) ?? [] }) { wake.fire() }
        }
    }
}

/// Resumes a pause exactly once: on its timer, or earlier on shutdown or cancellation.
private final class Wake: Sendable {
    private enum State {
        case idle
        case waiting(CheckedContinuation<Void, Never>)
        case fired
    }

    private let state = Mutex(State.idle)

    /// Installs the continuation; false (and resumed at once) if a wake-up already came.
    func arm(_ continuation: CheckedContinuation<Void, Never>) -> Bool {
        let early = state.withLock { state -> Bool in
            if case .fired = state { return true }
            state = .waiting(continuation)
            return false
        }
        if early { continuation.resume() }
        return !early
    }

    func fire() {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state = .fired }
            if case .waiting(let c) = state { return c }
            return nil
        }
        continuation?.resume()
    }
}
