/// A metric's name and `# HELP` text. Names follow `warden_<subsystem>_<name>_<unit>`; the
/// registry requires one help text per name, so each family is spelled once, here.
struct MetricFamily: Sendable {
    let name: String
    let help: String

    init(_ name: String, _ help: String) {
        self.name = name
        self.help = help
    }
}

extension MetricFamily {
    // Health and lifecycle.
    static let healthStatus = MetricFamily(
        "warden_health_status",
        "1 for the current /health status (healthy, degraded, unhealthy), 0 for the others.")
    static let startTime = MetricFamily("warden_process_start_time_seconds", "Unix time at which this Warden process started.")

    // Exit monitor.
    static let trackedPositions = MetricFamily("warden_exit_tracked_positions", "Open positions in the exit monitor's book.")
    static let exitIntents = MetricFamily(
        "warden_exit_intents_total",
        "Close intents sent (first attempts, re-sends not counted), by exit reason.")
    static let intentResends = MetricFamily(
        "warden_exit_intent_resends_total",
        "Close intents sent again because the first one went unconfirmed.")
    static let exitPathBroken = MetricFamily(
        "warden_exit_path_broken_total",
        "Exits whose close intent and its re-send both went unconfirmed, handed to the failsafe.")
    static let entriesApplied = MetricFamily(
        "warden_exit_entries_applied_total",
        "Execution results applied to the position book.")
    static let stalePrices = MetricFamily(
        "warden_exit_stale_prices_total",
        "Price updates not acted on because they were older than exit.max_price_age.")
    static let lastCheck = MetricFamily(
        "warden_exit_last_check_timestamp_seconds",
        "Unix time of the last exit-check cycle (absent before the first).")
    static let decodeRejects = MetricFamily(
        "warden_decode_rejects_total",
        "Execution results the decoder rejected and dead-lettered, by reason.")

    // Failsafe.
    static let emergencyCloses = MetricFamily(
        "warden_emergency_closes_total",
        "Emergency reduce-only MARKET orders sent by the failsafe.")
    static let emergencyOpenIncidents = MetricFamily("warden_emergency_open_incidents", "Failsafe incidents open now.")

    // Supervisors and alerts.
    static let alertsFiring = MetricFamily(
        "warden_alerts_firing",
        "Alerts firing now, by alert name (one per subject: symbol, stream, unit).")
    static let supervisorState = MetricFamily(
        "warden_supervisor_state",
        "1 for each supervisor's current state (ok, pending, firing, unknown), 0 for the others.")
    static let consumerLag = MetricFamily(
        "warden_consumer_lag_entries",
        "Entries of a watched stream not yet delivered to its consumer group (absent while Redis cannot tell).")
    static let consumerPending = MetricFamily(
        "warden_consumer_pending_entries",
        "Entries delivered to a watched consumer group and not yet acknowledged.")

    // Loops and the watchdog.
    static let loopAge = MetricFamily(
        "warden_loop_progress_age_seconds",
        "Seconds since each critical loop last reported progress.")
    static let loopDeadline = MetricFamily(
        "warden_loop_progress_deadline_seconds",
        "How long each critical loop may go without progress before the watchdog heartbeat is withheld.")
    static let loopDependencyDown = MetricFamily(
        "warden_loop_dependency_down",
        "1 while a loop's last cycle found its dependency (Redis, the exchange) unavailable.")

    // Alert delivery: each route's durable outbox.
    static let outboxQueued = MetricFamily(
        "warden_outbox_queued_notifications",
        "Alert notifications waiting in each route's durable outbox.")
    static let outboxOldestAge = MetricFamily(
        "warden_outbox_oldest_queued_age_seconds",
        "Age of the oldest notification waiting in each route's outbox (0 when empty).")
    static let outboxEnqueued = MetricFamily(
        "warden_outbox_enqueued_notifications_total",
        "Alert notifications queued for delivery, per route.")
    static let outboxDelivered = MetricFamily(
        "warden_outbox_delivered_notifications_total",
        "Alert notifications the receiver accepted, per route.")
    static let outboxFailedAttempts = MetricFamily(
        "warden_outbox_failed_attempts_total",
        "Delivery attempts that failed and will be retried (network errors, 429, 5xx), per route.")
    static let outboxRejected = MetricFamily(
        "warden_outbox_rejected_notifications_total",
        "Alert notifications the receiver refused (4xx other than 429), not retried, per route.")
    static let outboxDropped = MetricFamily(
        "warden_outbox_dropped_notifications_total",
        "Alert notifications dropped because the outbox was full (oldest first), per route.")
    static let outboxWriteErrors = MetricFamily(
        "warden_outbox_write_errors_total",
        "Outbox writes that failed (disk full, read-only): those notifications were held in memory only.")
    static let routeFailing = MetricFamily(
        "warden_outbox_route_failing",
        "1 from a failed delivery attempt until the next successful delivery, per route.")

    // Latency of the outside things, fed by the adapters' onRequest hooks.
    static let redisLatency = MetricFamily(
        "warden_redis_request_duration_seconds",
        "Redis call latency as the caller sees it, by command (PIPELINE for a pipeline), failed calls included.")
    static let exchangeLatency = MetricFamily(
        "warden_exchange_request_duration_seconds",
        "Exchange REST request latency by endpoint path, failed requests included.")
}
