import Dispatch
import ServiceLifecycle
import Synchronization

/// Sleeps that end early when graceful shutdown starts (or the task is cancelled), so a loop
/// waiting for its next cycle (a 60 s bootstrap interval, say) never holds up `systemctl stop`.
///
/// One timer and one continuation per pause. ServiceLifecycle's `cancelWhenGracefulShutdown`
/// does the same with a task group of two child tasks, which cost several thread hops per
/// pause: with several loops pausing every second that was a visible share of Warden's idle CPU.
public enum Pause {
    public static func until(_ deadline: ContinuousClock.Instant) async {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return }
        let wake = Wake()
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    guard wake.arm(continuation) else { return }
                    let (seconds, attoseconds) = remaining.components
                    let nanoseconds = Int(clamping: seconds) &* 1_000_000_000 &+ Int(attoseconds / 1_000_000_000)
                    DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { wake.fire() }
                }
            } onCancel: {
                wake.fire()
            }
        } onGracefulShutdown: {
            wake.fire()
        }
    }

    public static func `for`(_ duration: Duration) async {
        await until(.now + duration)
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
