internal import Blocking
public import Systemd

/// `sd_notify` off the cooperative pool: the datagram send blocks if PID 1 stops reading its
/// notification socket, and a stuck PID 1 must not take a pool thread with it.
public actor Notifications {
    nonisolated let executor = BlockingExecutor(label: "warden.sd-notify")
    let notifier = SystemdNotifier()

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    public init() {}

    @discardableResult
    public func send(_ states: [NotifyState]) -> NotifyOutcome {
        notifier.send(states)
    }
}
