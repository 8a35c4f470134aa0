extension SupervisionRules {
    /// Every key of the rule file, in the order `alerts/rules.toml` lists them. Lists are
    /// comma-separated strings. A key that is not listed here is an error in the file.
    public static let schema: [ConfigKey] = [
        ConfigKey("repeated_errors", "threshold", .integer(20), "Fire when one error signature is seen this many times within the window"),
        ConfigKey("repeated_errors", "window_s", .integer(300), "The counting window, seconds"),
        ConfigKey("repeated_errors", "quiet_s", .integer(300), "Resolve after this long without the signature, seconds"),
        ConfigKey("repeated_errors", "max_signatures", .integer(500), "Distinct signatures remembered; the least recently seen go first"),
        ConfigKey("repeated_errors", "for_s", .integer(0), "Hold before firing, seconds"),
        ConfigKey("repeated_errors", "severity", .string("critical"), "warning | critical"),

        ConfigKey("consumer_lag", "groups", .string("trade.intent/execution_group,trade.execution.res/exit_monitor_group"), "Watched consumer groups: stream/group, comma-separated"),
        ConfigKey("consumer_lag", "threshold", .integer(1000), "Fire when lag exceeds this and does not decrease across the window"),
        ConfigKey("consumer_lag", "window_samples", .integer(10), "Samples in the window; nothing is judged before it is full"),
        ConfigKey("consumer_lag", "interval_s", .integer(60), "Seconds between samples of each group"),
        ConfigKey("consumer_lag", "for_s", .integer(0), "Hold before firing, seconds"),
        ConfigKey("consumer_lag", "severity", .string("warning"), "warning | critical"),

        ConfigKey("consumer_stalled", "idle_s", .integer(300), "Stalled when every consumer is idle this long with lag or pending entries"),
        ConfigKey("consumer_stalled", "for_s", .integer(60), "Hold before firing, seconds (a missing group fires after this too)"),
        ConfigKey("consumer_stalled", "severity", .string("critical"), "warning | critical (a missing group is always critical)"),

        ConfigKey("stale_stream", "streams", .string("exitbrain.pnl"), "Watched streams, comma-separated"),
        ConfigKey("stale_stream", "max_age_s", .integer(600), "Fire when a stream's newest entry is older than this, or it is missing"),
        ConfigKey("stale_stream", "for_s", .integer(0), "Hold before firing, seconds"),
        ConfigKey("stale_stream", "severity", .string("warning"), "warning | critical"),

        ConfigKey("trade_closed", "stalled_s", .integer(900), "Fire when trade.closed has not moved this long while positions stayed open"),
        ConfigKey("trade_closed", "for_s", .integer(0), "Hold before firing, seconds"),
        ConfigKey("trade_closed", "severity", .string("warning"), "warning | critical"),

        ConfigKey("restart_storm", "units", .string(""), "Watched systemd units, comma-separated"),
        ConfigKey("restart_storm", "max_restarts", .integer(3), "Fire on more restarts than this within the window"),
        ConfigKey("restart_storm", "window_s", .integer(600), "The counting window, seconds"),
        ConfigKey("restart_storm", "for_s", .integer(0), "Hold before firing, seconds"),
        ConfigKey("restart_storm", "severity", .string("warning"), "warning | critical (a failed unit is always critical)"),

        ConfigKey("safe_mode", "stuck_s", .integer(900), "Fire when the safe-mode key has been present this long"),
        ConfigKey("safe_mode", "for_s", .integer(0), "Hold before firing, seconds"),
        ConfigKey("safe_mode", "severity", .string("critical"), "warning | critical"),

        ConfigKey("redis_unreachable", "for_s", .integer(30), "Fire when Redis pings fail this long, seconds"),
        ConfigKey("redis_unreachable", "severity", .string("critical"), "warning | critical"),

        ConfigKey("exchange_unreachable", "for_s", .integer(60), "Fire when exchange calls fail this long, seconds"),
        ConfigKey("exchange_unreachable", "severity", .string("critical"), "warning | critical"),

        ConfigKey("clock_drift", "max_ms", .integer(1000), "Fire when |local - exchange server time| exceeds this, ms"),
        ConfigKey("clock_drift", "for_s", .integer(60), "Hold before firing, seconds"),
        ConfigKey("clock_drift", "severity", .string("warning"), "warning | critical"),

        ConfigKey("price_stale", "max_age_s", .integer(30), "Fire when a symbol with an open position has no price this fresh"),
        ConfigKey("price_stale", "for_s", .integer(0), "Hold before firing, seconds"),
        ConfigKey("price_stale", "severity", .string("critical"), "warning | critical"),
    ]

    /// The keys by `section.name`.
    public static let schemaByPath: [String: ConfigKey] = Dictionary(uniqueKeysWithValues: schema.map { ($0.path, $0) })

    /// The section names, in order of first appearance.
    public static var sections: [String] {
        var seen: Set<String> = []
        return schema.map(\.section).filter { seen.insert($0).inserted }
    }
}
