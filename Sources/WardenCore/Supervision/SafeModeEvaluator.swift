/// SafeModeStuck: the safety layer's key (`quantum:safety:safe_mode`) has been present without a
/// break for `stuckAfter`. Only presence counts: the safety layer refreshing its TTL does not
/// restart the clock, and neither does a reading that failed. Resolves when the key is gone.
public struct SafeModeEvaluator: Sendable {
    public struct Rules: Sendable, Hashable {
        public var stuckAfter: Duration
        public var severity: Severity

        public init(stuckAfter: Duration = .seconds(900), severity: Severity = .critical) {
            self.stuckAfter = stuckAfter
            self.severity = severity
        }
    }

    /// The Redis key the safety layer sets.
    public let safeModeKey: String
    public let rules: Rules
    /// When safe mode was first seen on in the current stretch; nil when it was last seen off.
    /// The escalation policy reads it: with safe mode on, orders are blocked.
    public private(set) var onSince: WallTime?

    public init(safeModeKey: String = "quantum:safety:safe_mode", rules: Rules = Rules()) {
        self.safeModeKey = safeModeKey
        self.rules = rules
    }

    public var key: AlertKey { AlertKey(.safeModeStuck, safeModeKey) }

    /// - Parameter present: whether the key exists; nil when it could not be read (`unknown`,
    ///   and the clock keeps running).
    public mutating func evaluate(present: Bool?, now: WallTime) -> [Observation] {
        guard let present else {
            return [Observation(key, .unknown(reason: "\(safeModeKey) could not be read"))]
        }
        guard present else {
            onSince = nil
            return [Observation(key, .ok)]
        }
        let since = onSince ?? now
        onSince = since
        let on = now.since(since)
        guard on >= rules.stuckAfter else { return [Observation(key, .ok)] }
        let line = "safe mode on for \(SummaryText.duration(on)) (\(safeModeKey) present since \(since.iso8601),"
            + " limit \(SummaryText.duration(rules.stuckAfter))): every order, exits included, is blocked"
        return [Observation(key, .bad(summary: line, severity: rules.severity))]
    }
}
