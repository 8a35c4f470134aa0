/// PriceStale, one subject per symbol with an open position: no fresh price for longer than
/// `maxAge`, so that position's exits cannot trigger. Subjects come and go with the positions
/// (the tracker resolves a subject that is no longer reported).
///
/// A position younger than `maxAge` gets that long to see its first price. While prices cannot
/// be read at all (the price source is down), every open symbol is `unknown`.
public struct PriceStaleEvaluator: Sendable {
    public struct Rules: Sendable, Hashable {
        public var maxAge: Duration
        public var severity: Severity

        public init(maxAge: Duration = .seconds(30), severity: Severity = .critical) {
            self.maxAge = maxAge
            self.severity = severity
        }
    }

    public let rules: Rules

    public init(rules: Rules = Rules()) {
        self.rules = rules
    }

    /// - Parameters:
    ///   - openSince: each symbol with an open position, and since when Warden has tracked it.
    ///   - lastPriceAt: the time of each symbol's newest price; nil when prices cannot be read.
    public func evaluate(openSince: [String: WallTime], lastPriceAt: [String: WallTime]?, now: WallTime) -> [Observation] {
        openSince.sorted { $0.key < $1.key }.map { observe($0.key, opened: $0.value, lastPriceAt: lastPriceAt, now: now) }
    }

    /// The same observations, except that a fresh symbol is reported only when it is in `tracked`
    /// (a subject the alert tracker holds as pending or firing). The tracker treats a covered
    /// subject that is not reported as `ok`, so the transitions are the same, without sorting and
    /// observing every open position each cycle.
    public func evaluate(openSince: [String: WallTime], lastPriceAt: [String: WallTime]?, now: WallTime,
                         reportingOKOnlyFor tracked: Set<String>) -> [Observation] {
        guard let lastPriceAt else { return evaluate(openSince: openSince, lastPriceAt: nil, now: now) }
        var reported: [(symbol: String, opened: WallTime)] = []
        for (symbol, opened) in openSince {
            // A position younger than maxAge is fresh whatever its prices: no lookup needed.
            let stale = now.since(opened) > rules.maxAge && now.since(max(lastPriceAt[symbol] ?? opened, opened)) > rules.maxAge
            if stale || tracked.contains(symbol) { reported.append((symbol, opened)) }
        }
        return reported.sorted { $0.symbol < $1.symbol }.map { observe($0.symbol, opened: $0.opened, lastPriceAt: lastPriceAt, now: now) }
    }

    private func observe(_ symbol: String, opened: WallTime, lastPriceAt: [String: WallTime]?, now: WallTime) -> Observation {
        let key = AlertKey(.priceStale, symbol)
        guard let lastPriceAt else { return Observation(key, .unknown(reason: "prices cannot be read")) }
        let last = lastPriceAt[symbol]
        let age = now.since(max(last ?? opened, opened))
        guard age > rules.maxAge else { return Observation(key, .ok) }
        let seen = last.map { "last price at \($0.iso8601)" } ?? "no price since the position opened at \(opened.iso8601)"
        let line = "no fresh price for \(symbol) for \(SummaryText.duration(age)) (\(seen), limit \(SummaryText.duration(rules.maxAge))):"
            + " its exits cannot trigger"
        return Observation(key, .bad(summary: line, severity: rules.severity))
    }
}
