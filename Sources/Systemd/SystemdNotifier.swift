internal import CSystemd
internal import Glibc

/// Sends state changes to the service manager through libsystemd's `sd_notify`.
///
/// sd_notify reads `$NOTIFY_SOCKET` on every call (path or `@abstract` form) and sends one
/// `SOCK_DGRAM` datagram; it does not block on a dead manager. The environment is never unset,
/// so later heartbeats keep working.
public struct SystemdNotifier: Sendable {
    public init() {}

    /// Sends all `states` in one datagram (`READY=1\nSTATUS=…`), so systemd applies them together.
    ///
    /// An empty list sends nothing and reports `.failed` with `EINVAL`: it is a caller bug, not
    /// an I/O outcome, but it must not crash a daemon.
    @discardableResult
    public func send(_ states: [NotifyState]) -> NotifyOutcome {
        guard !states.isEmpty else {
            return .failed(Systemd.Error(function: "sd_notify", errno: EINVAL))
        }
        let code = NotifyState.message(states).withCString { sd_notify(0, $0) }
        return NotifyOutcome(sdNotifyReturn: code)
    }

    /// Sends `states` in one datagram; see `send(_:)`.
    @discardableResult
    public func send(_ states: NotifyState...) -> NotifyOutcome {
        self.send(states)
    }
}
