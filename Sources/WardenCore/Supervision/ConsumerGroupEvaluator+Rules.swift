extension ConsumerGroupEvaluator {
    /// Why the group is stalled, or nil. Needs a full window.
    func stallReason(_ sample: ConsumerGroupSample, lag: Int?, now: WallTime) -> String? {
        let zeroSeen = window.contains { $0.lag == 0 }
        let first = window[0]
        if let lag, lag > 0, !zeroSeen,
           window.allSatisfy({ $0.lastDeliveredID == first.lastDeliveredID && $0.entriesRead == first.entriesRead }) {
            let read = first.entriesRead.map { ", entries-read \($0)" } ?? ""
            return "\(id.subject) stalled: last-delivered-id \(first.lastDeliveredID)\(read) unchanged for \(span(now: now)) with lag \(lag)"
        }
        let backlog = (lag ?? 0) > 0 || sample.pending > 0
        let lagText = lag.map(String.init) ?? "unknown"
        if backlog, sample.consumers.isEmpty {
            return "\(id.subject) stalled: no consumers, lag \(lagText), pending \(sample.pending)"
        }
        if backlog, let leastIdle = sample.consumers.map(\.idle).min(), leastIdle >= rules.idleLimit {
            return "\(id.subject) stalled: all \(sample.consumers.count) consumers idle ≥ \(SummaryText.duration(rules.idleLimit))"
                + " (least idle \(SummaryText.duration(leastIdle))), lag \(lagText), pending \(sample.pending)"
        }
        if pendingGrowsUnacknowledged() {
            return "\(id.subject) stalled: pending grew \(first.pending) → \(sample.pending) over \(span(now: now))"
                + " with nothing acknowledged, lag \(lagText)"
        }
        return nil
    }

    /// Pending never fell, rose overall, and (when entries-read is known) rose by at least what
    /// was read: nothing was acknowledged across the window.
    func pendingGrowsUnacknowledged() -> Bool {
        guard let first = window.first, let last = window.last, last.pending > first.pending,
              zip(window, window.dropFirst()).allSatisfy({ $1.pending >= $0.pending })
        else { return false }
        if let r0 = first.entriesRead, let r1 = last.entriesRead { return last.pending - first.pending >= r1 - r0 }
        return true
    }

    /// ConsumerLag for a full window, given the current lag and whether the group is stalled.
    func lagCondition(_ lag: Int?, stalled: Bool, now: WallTime) -> Condition {
        guard let lag else {
            return .unknown(reason: "lag of \(id.subject) cannot be determined (entries deleted before delivery?)")
        }
        guard !stalled, lag > rules.lagThreshold, !window.contains(where: { $0.lag == 0 }) else { return .ok }
        let lags = window.compactMap(\.lag)
        guard lags.count == window.count else {
            return .unknown(reason: "lag of \(id.subject) unknown in \(window.count - lags.count) of \(window.count) samples")
        }
        guard zip(lags, lags.dropFirst()).allSatisfy({ $1 >= $0 }) else { return .ok }
        let line = "lag \(lag) on \(id.subject), not decreasing for \(span(now: now))"
            + " (\(lags[0]) → \(lag) over \(lags.count) samples, threshold \(rules.lagThreshold))"
        return .bad(summary: line, severity: rules.lagSeverity)
    }
}
