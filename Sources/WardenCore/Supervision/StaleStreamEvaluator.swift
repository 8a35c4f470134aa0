/// StaleStream for one watched stream (`exitbrain.pnl` by default): its newest entry, dated by
/// its id, is older than `maxAge`, or the stream is missing (a missing stream counts as stale).
///
/// The age comes from the id's milliseconds, which Redis assigns when it accepts the entry, so
/// no producer clock can make a dead stream look alive.
public struct StaleStreamEvaluator: Sendable {
    public struct Rules: Sendable, Hashable {
        public var maxAge: Duration
        public var severity: Severity

        public init(maxAge: Duration = .seconds(600), severity: Severity = .warning) {
            self.maxAge = maxAge
            self.severity = severity
        }
    }

    /// The full stream key.
    public let stream: String
    public let rules: Rules

    public init(stream: String, rules: Rules = Rules()) {
        self.stream = stream
        self.rules = rules
    }

    public var key: AlertKey { AlertKey(.staleStream, stream) }

    /// - Parameter head: nil when the stream could not be read (Redis down): `unknown`.
    public func evaluate(_ head: StreamHead?, now: WallTime) -> [Observation] {
        [Observation(key, condition(head, now: now))]
    }

    func condition(_ head: StreamHead?, now: WallTime) -> Condition {
        let limit = SummaryText.duration(rules.maxAge)
        switch head {
        case nil:
            return .unknown(reason: "\(stream) could not be read")
        case .missing:
            return .bad(summary: "\(stream) is missing (no such stream or no entries), limit \(limit)", severity: rules.severity)
        case .lastEntry(let id):
            guard let time = StreamHead.lastEntry(id: id).time else {
                if id == "0-0" {
                    return .bad(summary: "\(stream) has never had an entry (last id 0-0), limit \(limit)", severity: rules.severity)
                }
                return .unknown(reason: "\(stream) last id is not <ms>-<seq>")
            }
            let age = now.since(time)
            guard age > rules.maxAge else { return .ok }
            let line = "\(stream) last entry \(SummaryText.duration(age)) old (\(id) at \(time.iso8601)), limit \(limit)"
            return .bad(summary: line, severity: rules.severity)
        }
    }
}
