/// One reading of a systemd unit's state, from its `Unit` and `Service` D-Bus properties.
public struct UnitState: Sendable, Hashable, CustomStringConvertible {
    /// `Service.NRestarts`: automatic restarts since the unit was loaded (monotonic while loaded).
    public var nRestarts: UInt32
    /// `Unit.ActiveState`: `active`, `reloading`, `inactive`, `failed`, `activating`, `deactivating`.
    public var activeState: String
    /// `Unit.SubState`, e.g. `running`, `auto-restart`, `dead`, `failed`.
    public var subState: String
    /// `Service.Result`: `success`, `exit-code`, `signal`, `core-dump`, `watchdog`, `start-limit-hit`, …
    public var result: String

    public init(nRestarts: UInt32, activeState: String, subState: String, result: String) {
        self.nRestarts = nRestarts
        self.activeState = activeState
        self.subState = subState
        self.result = result
    }

    public var description: String {
        "\(activeState)/\(subState), result \(result), NRestarts \(nRestarts)"
    }
}
