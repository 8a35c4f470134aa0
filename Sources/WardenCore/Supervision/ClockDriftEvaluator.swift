/// ClockDrift: the local clock differs from the exchange's server time (`/fapi/v1/time`) by more
/// than `maxDrift`. Signed requests outside `recvWindow` are rejected (-1021), and every age
/// Warden computes is off by the drift. `unknown` without a reading.
public struct ClockDriftEvaluator: Sendable {
    public struct Rules: Sendable, Hashable {
        public var maxDrift: Duration
        public var severity: Severity

        public init(maxDrift: Duration = .milliseconds(1000), severity: Severity = .warning) {
            self.maxDrift = maxDrift
            self.severity = severity
        }
    }

    /// The reference clock's name, also the alert subject (`binance`).
    public let subject: String
    public let rules: Rules

    public init(subject: String = "binance", rules: Rules = Rules()) {
        self.subject = subject
        self.rules = rules
    }

    public var key: AlertKey { AlertKey(.clockDrift, subject) }

    /// - Parameter offset: local time minus server time (corrected for half the round trip);
    ///   nil when no server time could be read.
    public func evaluate(offset: Duration?, now: WallTime) -> [Observation] {
        guard let offset else { return [Observation(key, .unknown(reason: "no \(subject) server time reading"))] }
        let drift = offset < .zero ? .zero - offset : offset
        guard drift > rules.maxDrift else { return [Observation(key, .ok)] }
        let line = "local clock \(SummaryText.seconds(drift)) s \(offset > .zero ? "ahead of" : "behind") \(subject) server time"
            + " (limit \(SummaryText.seconds(rules.maxDrift)) s): signed requests may be rejected (-1021)"
        return [Observation(key, .bad(summary: line, severity: rules.severity))]
    }
}
