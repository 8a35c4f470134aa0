/// What the failsafe may do when the normal exit path is broken.
public enum EmergencyMode: String, Sendable, CaseIterable {
    /// Never place an emergency order; alerts still fire.
    case off
    /// Log and alert "would close", send nothing.
    case dryRun = "dry-run"
    /// Place emergency reduce-only MARKET closes.
    case armed
}

/// Log levels accepted by `log.level` (the swift-log names).
public enum LogLevelSetting: String, Sendable, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
}
