/// One route's delivery state, for `/health` and `warden status`: what is queued, what got
/// out, what did not and why (a metric-safe reason, never a URL).
public struct RouteHealth: Sendable, Hashable {
    public var name: String
    public var kind: AlertRoute.Kind
    /// Notifications waiting in the outbox now.
    public var queued = 0
    /// Notifications ever queued (this process).
    public var enqueued = 0
    public var delivered = 0
    /// Failed attempts that will be retried (network errors, 429, 5xx).
    public var failedAttempts = 0
    /// Notifications the receiver refused (4xx other than 429): a configuration error, not retried.
    public var rejected = 0
    /// Notifications dropped because the outbox was full (the oldest go first).
    public var dropped = 0
    /// Outbox writes that failed (disk full, read-only): those notifications are held in memory only.
    public var outboxErrors = 0
    /// The last failure's reason: a transport reason (`connect`, `timeout`, …) or `http_<status>`.
    public var lastError: String?
    public var lastErrorAt: WallTime?
    /// When the oldest queued notification was queued.
    public var oldestQueuedAt: WallTime?
    /// True from a failed attempt until the next delivery.
    public var failing = false

    public init(name: String, kind: AlertRoute.Kind) {
        self.name = name
        self.kind = kind
    }

    /// The route as a `/health` JSON object.
    public var json: JSONValue {
        func n(_ i: Int) -> JSONValue { .number(Double(i)) }
        return .object([
            "kind": .string(kind.rawValue), "state": .string(failing ? "failing" : "ok"),
            "queued": n(queued), "enqueued": n(enqueued), "delivered": n(delivered), "failed_attempts": n(failedAttempts),
            "rejected": n(rejected), "dropped": n(dropped), "outbox_errors": n(outboxErrors),
            "last_error": lastError.map(JSONValue.string) ?? .null,
            "last_error_time": lastErrorAt.map { .string($0.iso8601) } ?? .null,
            "oldest_queued_time": oldestQueuedAt.map { .string($0.iso8601) } ?? .null,
        ])
    }

    /// Flat counters for ``HealthReport/counters``: `alert_route_<name>_<counter>`.
    public var counters: [String: Int] {
        let p = "alert_route_\(name)_"
        return [p + "queued": queued, p + "delivered": delivered, p + "failed_attempts": failedAttempts,
                p + "rejected": rejected, p + "dropped": dropped, p + "outbox_errors": outboxErrors]
    }
}
