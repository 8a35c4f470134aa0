import Blocking
import WardenCore

extension MetricsSnapshot {
    /// Reads the live state, the same sources as `/health` (any of the optional ones may be left out).
    public static func gather(monitor: ExitMonitor, progress: ProgressBoard, readiness: Readiness,
                              supervisors: SupervisorState? = nil, alerts: AlertDispatcher? = nil,
                              closer: EmergencyCloser? = nil) async -> MetricsSnapshot {
        let health = await HealthAssembler.report(monitor: monitor, progress: progress, readiness: readiness,
                                                  supervisors: supervisors, alerts: alerts, closer: closer)
        var s = MetricsSnapshot(health: health, now: WallTime(milliseconds: SystemTime.milliseconds()))
        s.exitsByReason = await monitor.exitsByReason
        s.rejectsByReason = await monitor.rejectsByReason
        s.intentResends = await monitor.resends
        s.exitPathBroken = await monitor.exitPathBroken
        s.entriesApplied = await monitor.applied
        s.stalePrices = await monitor.stalePrices
        s.openIncidents = await closer?.health.openIncidents ?? 0
        if let supervisors {
            for alert in await supervisors.firing { s.firing[alert.key.name, default: 0] += 1 }
            let samples = await supervisors.groupSamples
            for id in await supervisors.watchedGroups { s.consumerGroups[id] = samples[id] }
        }
        let board = progress.snapshot(), now = progress.now()
        for (name, loop) in board.loops {
            s.loops[name] = Loop(age: now - loop.lastReport, deadline: loop.deadline,
                                 dependencyDown: loop.lastOutcome == .dependencyDown)
        }
        s.routes = alerts?.health() ?? []
        return s
    }
}
