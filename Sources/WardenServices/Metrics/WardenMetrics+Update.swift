import Prometheus
import Synchronization
import WardenCore

extension WardenMetrics {
    /// Copies one scrape's worth of state onto the metrics. Synchronous and quick: no awaiting.
    public func update(_ s: MetricsSnapshot) {
        scrape.withLock { state in
            for status in [HealthReport.Status.healthy, .degraded, .unhealthy] {
                gauge(.healthStatus, [("status", status.rawValue)]).set(to: s.health.status == status ? 1 : 0)
            }
            updateExits(s, &state.mirror)
            updateSupervision(s, &state)
            for (name, loop) in s.loops {
                let labels = [("loop", name)]
                gauge(.loopAge, labels).set(to: loop.age.seconds)
                gauge(.loopDeadline, labels).set(to: loop.deadline.seconds)
                gauge(.loopDependencyDown, labels).set(to: loop.dependencyDown ? 1 : 0)
            }
            for route in s.routes { updateRoute(route, now: s.now, &state.mirror) }
        }
    }

    private func updateExits(_ s: MetricsSnapshot, _ mirror: inout CounterMirror) {
        gauge(.trackedPositions).set(to: Double(s.health.trackedPositions))
        for reason in ExitReason.allCases {
            mirror.sync(counter(.exitIntents, [("reason", reason.rawValue)]), to: s.exitsByReason[reason] ?? 0)
        }
        for reason in DecodeRejection.Reason.allCases {
            mirror.sync(counter(.decodeRejects, [("reason", reason.rawValue)]), to: s.rejectsByReason[reason] ?? 0)
        }
        mirror.sync(counter(.intentResends), to: s.intentResends)
        mirror.sync(counter(.exitPathBroken), to: s.exitPathBroken)
        mirror.sync(counter(.entriesApplied), to: s.entriesApplied)
        mirror.sync(counter(.stalePrices), to: s.stalePrices)
        if let last = s.health.lastCheckTime { gauge(.lastCheck).set(to: Double(last.milliseconds) / 1000) }
        mirror.sync(counter(.emergencyCloses), to: s.health.emergencyCloses)
        gauge(.emergencyOpenIncidents).set(to: Double(s.openIncidents))
    }

    private func updateSupervision(_ s: MetricsSnapshot, _ state: inout ScrapeState) {
        for name in AlertName.allCases {
            gauge(.alertsFiring, [("alert", name.rawValue)]).set(to: Double(s.firing[name] ?? 0))
        }
        for (name, current) in s.health.supervisors {
            for word in ["ok", "pending", "firing", "unknown"] {
                gauge(.supervisorState, [("alert", name), ("state", word)]).set(to: current == word ? 1 : 0)
            }
        }
        for (id, sample) in s.consumerGroups {
            let key = ConsumerGroupKey(stream: id.stream, group: id.group)
            let labels = [("stream", id.stream), ("group", id.group)]
            if sample.groupExists, let lag = sample.effectiveLag {
                let g = state.lag[key] ?? gauge(.consumerLag, labels)
                state.lag[key] = g
                g.set(to: Double(lag))
            } else if let gone = state.lag.removeValue(forKey: key) {
                registry.unregisterGauge(gone)
            }
            if sample.groupExists {
                let g = state.pending[key] ?? gauge(.consumerPending, labels)
                state.pending[key] = g
                g.set(to: Double(sample.pending))
            } else if let gone = state.pending.removeValue(forKey: key) {
                registry.unregisterGauge(gone)
            }
        }
    }

    private func updateRoute(_ r: RouteHealth, now: WallTime, _ mirror: inout CounterMirror) {
        let labels = [("route", r.name)]
        gauge(.outboxQueued, labels).set(to: Double(r.queued))
        gauge(.outboxOldestAge, labels).set(to: r.oldestQueuedAt.map { max(0, now.since($0).seconds) } ?? 0)
        gauge(.routeFailing, labels).set(to: r.failing ? 1 : 0)
        mirror.sync(counter(.outboxEnqueued, labels), to: r.enqueued)
        mirror.sync(counter(.outboxDelivered, labels), to: r.delivered)
        mirror.sync(counter(.outboxFailedAttempts, labels), to: r.failedAttempts)
        mirror.sync(counter(.outboxRejected, labels), to: r.rejected)
        mirror.sync(counter(.outboxDropped, labels), to: r.dropped)
        mirror.sync(counter(.outboxWriteErrors, labels), to: r.outboxErrors)
    }
}
