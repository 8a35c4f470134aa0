extension SupervisorSet {
    /// Evaluates every supervisor on `inputs` and returns the alert transitions to notify.
    public mutating func evaluate(_ inputs: Inputs, now: WallTime) -> [AlertTracker.Transition] {
        var observations: [Observation] = []
        var covering: Set<AlertName> = [.repeatedErrors, .staleStream, .tradeClosedStalled, .safeModeStuck,
                                        .redisUnreachable, .priceStale, .restartStorm, .exitPathBroken, .emergencyClose]
        observations += redis.evaluate(inputs.redis, now: now)
        observations += safeMode.evaluate(present: inputs.safeModePresent, now: now)
        for (stream, evaluator) in stale {
            observations += evaluator.evaluate(inputs.streamHeads.map { $0[stream] ?? .missing }, now: now)
        }
        observations += tradeClosed.evaluate(lastClosed: inputs.tradeClosedHead, openPositions: inputs.openPositions, now: now)
        // Fresh symbols only where the tracker holds them: 10,000 open positions must not mean
        // 10,000 observations every cycle (an unreported covered subject counts as ok).
        var pricesTracked = Set(tracker.pending.lazy.filter { $0.name == .priceStale }.map(\.subject))
        for alert in tracker.firing where alert.key.name == .priceStale { pricesTracked.insert(alert.key.subject) }
        observations += prices.evaluate(openSince: inputs.openSince, lastPriceAt: inputs.lastPriceAt, now: now,
                                        reportingOKOnlyFor: pricesTracked)
        observations += errors.evaluate(now: now)
        observations += inputs.emergencies.sorted { $0.key < $1.key }.map {
            Observation(AlertKey(.emergencyClose, $0.key), .bad(summary: $0.value, severity: .critical))
        }
        observations += inputs.brokenExits.sorted { $0.key < $1.key }.map {
            Observation(AlertKey(.exitPathBroken, $0.key), .bad(summary: $0.value, severity: .critical))
        }
        if inputs.groups != nil || inputs.groupsUnreadable {
            covering.formUnion([.consumerLag, .consumerStalled])
            for id in groups.keys.sorted() {
                let sample: ConsumerGroupSample? = inputs.groupsUnreadable ? nil : (inputs.groups?[id] ?? .missing)
                observations += groups[id]!.evaluate(sample, now: now)
            }
        }
        if let probe = inputs.exchange {
            covering.formUnion([.exchangeUnreachable, .clockDrift])
            observations += exchange.evaluate(probe, now: now)
            observations += drift.evaluate(offset: inputs.clockOffset, now: now)
        }
        for unit in units.keys.sorted() {
            observations += units[unit]!.evaluate(inputs.units[unit] ?? nil, now: now)
        }
        var seen: [AlertName: String] = [:]
        for o in observations {
            // Any unknown key makes the name unknown unless another key of it is bad.
            let w = Self.word(o.condition)
            if seen[o.key.name] != "bad" { seen[o.key.name] = seen[o.key.name] == "unknown" && w == "ok" ? "unknown" : w }
        }
        // Open symbols all fresh and none tracked: no PriceStale observation, but the state is ok.
        if seen[.priceStale] == nil, !inputs.openSince.isEmpty { seen[.priceStale] = "ok" }
        lastSeen.merge(seen) { _, new in new }
        return tracker.update(observations, covering: covering, now: now)
    }

    static func word(_ c: Condition) -> String {
        switch c {
        case .bad: "bad"
        case .unknown: "unknown"
        case .ok: "ok"
        }
    }

    /// Each supervisor's state for `/health` and `/metrics`: `firing`, `pending`, `unknown` or `ok`.
    public var states: [String: String] {
        var out: [String: String] = [:]
        for name in AlertName.allCases {
            out[name.rawValue] = "ok"
        }
        for (name, word) in lastSeen where word == "unknown" { out[name.rawValue] = "unknown" }
        for key in tracker.pending { out[key.name.rawValue] = "pending" }
        for alert in tracker.firing { out[alert.key.name.rawValue] = "firing" }
        return out
    }
}
