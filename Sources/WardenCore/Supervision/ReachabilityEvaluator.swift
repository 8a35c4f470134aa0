/// RedisUnreachable or ExchangeUnreachable: the last probe (a `PING`, an exchange call) failed.
///
/// A failed probe is itself the reading, so this is never `unknown`; the rule's `for` hold in
/// the tracker keeps a single failure from paging. Resolves on the first successful probe.
public struct ReachabilityEvaluator: Sendable {
    /// The outcome of one probe.
    public enum Probe: Sendable, Hashable {
        case ok
        /// Failed, with a short reason (`connection refused`, `timeout after 2s`, `HTTP 503`).
        case failed(reason: String)
    }

    public let name: AlertName
    /// What was probed: `redis 127.0.0.1:6379`, `binance https://fapi.binance.com`.
    public let subject: String
    public let severity: Severity
    /// The first failure of the current run of failures.
    public private(set) var failingSince: WallTime?
    /// Failed probes in the current run.
    public private(set) var failures = 0

    public init(_ name: AlertName, subject: String, severity: Severity = .critical) {
        precondition(name == .redisUnreachable || name == .exchangeUnreachable, "not a reachability alert")
        self.name = name
        self.subject = subject
        self.severity = severity
    }

    public var key: AlertKey { AlertKey(name, subject) }

    public mutating func evaluate(_ probe: Probe, now: WallTime) -> [Observation] {
        guard case .failed(let reason) = probe else {
            failingSince = nil
            failures = 0
            return [Observation(key, .ok)]
        }
        let since = failingSince ?? now
        failingSince = since
        failures += 1
        let what = name == .redisUnreachable ? "Redis" : "exchange"
        let line = "\(what) unreachable at \(subject) for \(SummaryText.duration(now.since(since)))"
            + " (\(failures) failed probe\(failures == 1 ? "" : "s")): \(SummaryText.oneLine(reason, limit: 160))"
        return [Observation(key, .bad(summary: line, severity: severity))]
    }
}
