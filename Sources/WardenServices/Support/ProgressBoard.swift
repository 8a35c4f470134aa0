import Synchronization
public import WardenCore

/// The live ``ProgressRegistry``, shared by every loop and read by the watchdog and `/health`.
/// Reporting is a short lock, so a loop can report from anywhere without awaiting.
public final class ProgressBoard: Sendable {
    let registry = Mutex(ProgressRegistry())
    let origin = ContinuousClock.now

    public init() {}

    /// Monotonic time since the board was made.
    public func now() -> Duration { ContinuousClock.now - origin }

    /// A reporter for one loop, registered with its deadline.
    public func loop(_ name: String, deadline: Duration) -> ProgressReporter {
        let now = now()
        registry.withLock { $0.register(name, deadline: deadline, now: now) }
        return ProgressReporter(board: self, name: name)
    }

    public func snapshot() -> ProgressRegistry { registry.withLock { $0 } }
}

/// One loop's handle on the ``ProgressBoard``.
public struct ProgressReporter: Sendable {
    let board: ProgressBoard
    public let name: String

    public func report(_ outcome: ProgressRegistry.Outcome) {
        let now = board.now()
        board.registry.withLock { $0.report(name, outcome, now: now) }
    }
}
