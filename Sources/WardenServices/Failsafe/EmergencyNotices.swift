import Synchronization
public import WardenCore

/// The failsafe's notices, held for the EmergencyClose alert: each position with a notice in the
/// last `window` is a firing alert carrying the newest text; quiet past the window, it resolves.
public final class EmergencyNotices: Sendable {
    let notices = Mutex<[PositionKey: (text: String, at: WallTime)]>([:])
    let window: Duration

    public init(window: Duration = .seconds(600)) {
        self.window = window
    }

    /// The failsafe's `onNotice` hook.
    public func note(_ key: PositionKey, _ text: String, at: WallTime) {
        notices.withLock { $0[key] = (text, at) }
    }

    /// Positions with a recent notice → the newest text; older ones are forgotten.
    public func recent(now: WallTime) -> [String: String] {
        notices.withLock { all in
            all = all.filter { now.since($0.value.at) < window }
            return Dictionary(uniqueKeysWithValues: all.map { ($0.key.description, $0.value.text) })
        }
    }
}
