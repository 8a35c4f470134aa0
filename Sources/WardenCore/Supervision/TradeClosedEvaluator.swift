/// TradeClosedStalled: `trade.closed` has not moved for `stalledAfter` while Warden's book has
/// held open positions that whole time. Resolves when the stream moves or the book empties.
///
/// "Not moved since" is the later of the last entry's own time (its id) and the moment Warden
/// first saw the current head; "open since" is when the book last went from empty to non-empty.
public struct TradeClosedEvaluator: Sendable {
    public struct Rules: Sendable, Hashable {
        public var stalledAfter: Duration
        public var severity: Severity

        public init(stalledAfter: Duration = .seconds(900), severity: Severity = .warning) {
            self.stalledAfter = stalledAfter
            self.severity = severity
        }
    }

    /// The full `trade.closed` stream key.
    public let stream: String
    public let rules: Rules
    /// The head last read, and since when it has not changed.
    private(set) var head: (value: StreamHead, since: WallTime)?
    /// Since when the book has held open positions without a break; nil while it is empty.
    public private(set) var openSince: WallTime?

    public init(stream: String, rules: Rules = Rules()) {
        self.stream = stream
        self.rules = rules
    }

    public var key: AlertKey { AlertKey(.tradeClosedStalled, stream) }

    /// - Parameters:
    ///   - lastClosed: the stream's head; nil when it could not be read (`unknown`).
    ///   - openPositions: positions in Warden's book now (always known: it is Warden's own).
    public mutating func evaluate(lastClosed: StreamHead?, openPositions: Int, now: WallTime) -> [Observation] {
        openSince = openPositions > 0 ? (openSince ?? now) : nil
        guard let lastClosed else { return [Observation(key, .unknown(reason: "\(stream) could not be read"))] }
        if head?.value != lastClosed {
            let entryTime = lastClosed.time.map { min($0, now) }
            // A head seen for the first time has not moved since its entry was added.
            head = (lastClosed, head == nil ? (entryTime ?? now) : now)
        }
        guard let openSince, let unchangedSince = head?.since else { return [Observation(key, .ok)] }
        let stalledFor = now.since(max(openSince, unchangedSince))
        guard stalledFor >= rules.stalledAfter else { return [Observation(key, .ok)] }
        let last = lastClosed.id.map { "last id \($0)" } ?? "stream missing"
        let line = "\(stream) has not moved for \(SummaryText.duration(now.since(unchangedSince))) (\(last))"
            + " while \(openPositions) position\(openPositions == 1 ? "" : "s") stayed open"
            + " (open for \(SummaryText.duration(now.since(openSince))), limit \(SummaryText.duration(rules.stalledAfter)))"
        return [Observation(key, .bad(summary: line, severity: rules.severity))]
    }
}
