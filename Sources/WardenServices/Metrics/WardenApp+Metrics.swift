extension WardenApp {
    /// The `/metrics` page: the live state copied onto the app's registry, then the registry's text.
    public func metricsPage() async -> [UInt8] {
        metrics.page(await MetricsSnapshot.gather(monitor: monitor, progress: progress, readiness: readiness,
                                                  supervisors: supervisors, alerts: alerts, closer: closer))
    }
}
