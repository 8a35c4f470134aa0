import WardenCore

/// The one-line `STATUS=` summary and the `/health` report, from the same inputs.
enum StatusLine {
    static func make(monitor: ExitMonitor, progress: ProgressBoard, readiness: Readiness,
                     supervisors: SupervisorState? = nil) async -> String {
        let h = await monitor.health()
        var parts = ["positions \(h.trackedPositions)", "exits \(h.exitsTriggered)"]
        if let last = await monitor.lastExit {
            parts.append("last exit \(last.reason.rawValue) \(last.symbol) \(last.at.iso8601.prefix(19))Z")
        }
        if let firing = await supervisors?.firing {
            parts.append(firing.isEmpty ? "alerts firing 0"
                         : "alerts firing \(firing.count): " + firing.prefix(3).map(\.key.description).joined(separator: ", "))
        }
        let degraded = progress.snapshot().degraded
        if !degraded.isEmpty { parts.append("dependency down in: " + degraded.joined(separator: ", ")) }
        if let reason = await readiness.degradedReason { parts.append("DEGRADED: \(reason)") }
        return parts.joined(separator: "; ")
    }
}

/// Builds `/health` from the monitor's counters and the loops' progress.
enum HealthAssembler {
    static func report(monitor: ExitMonitor, progress: ProgressBoard, readiness: Readiness,
                       supervisors: SupervisorState? = nil, alerts: AlertDispatcher? = nil,
                       closer: EmergencyCloser? = nil) async -> HealthReport {
        var r = await monitor.health()
        if let failsafe = await closer?.health {
            r.emergencyCloses = failsafe.ordersSent
            r.counters["emergency_open_incidents"] = failsafe.openIncidents
        }
        if let supervisors {
            r.supervisors = await supervisors.states
            let firing = await supervisors.firing
            r.counters["alerts_firing"] = firing.count
            if firing.contains(where: { $0.severity == .critical }), r.status == .healthy {
                r.status = .degraded
                r.reasons.append("critical alert firing: " + firing.filter { $0.severity == .critical }.map(\.key.description).joined(separator: ", "))
            }
        }
        for route in alerts?.health() ?? [] { r.counters.merge(route.counters) { _, new in new } }
        let snapshot = progress.snapshot()
        let now = progress.now()
        r.loopAges = snapshot.ages(now: now)
        // While stopping, loops that already returned stop reporting: that is not a hang.
        let stopping = await readiness.isStopping
        let late = stopping ? [] : snapshot.late(now: now)
        if stopping {
            r.status = .degraded
            r.reasons.append("stopping")
        }
        if !late.isEmpty {
            r.status = .unhealthy
            r.reasons += late.map { "loop \($0.name) made no progress for \(Int($0.age.seconds)) s" }
        }
        let down = snapshot.degraded
        if !down.isEmpty {
            r.reasons += down.map { "\($0): dependency unavailable" }
            if r.status == .healthy { r.status = .degraded }
        }
        if !(await readiness.isBootstrapped) {
            r.reasons.append(await readiness.degradedReason ?? "starting: first bootstrap not complete")
            if r.status == .healthy { r.status = .degraded }
        }
        return r
    }
}
