/// One on-call route, a `[[alerts.route]]` table: where notifications go, which ones, how often.
///
/// The URL and the routing key are ``Secret``s: a webhook URL is a bearer credential (Slack,
/// PagerDuty), so they never print themselves and `warden check` shows only `scheme://host`.
public struct AlertRoute: Sendable, Hashable {
    /// The receiver's protocol.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// POST the Alertmanager webhook v4 body to `url`.
        case webhook
        /// POST Alertmanager API v2 alerts to `<url>/api/v2/alerts`.
        case alertmanager
        /// PagerDuty Events API v2 (`url` defaults to the public enqueue endpoint).
        case pagerduty
        /// Slack incoming webhook: `{"text": …}`.
        case slack

        /// The re-notification period when `repeat_interval_s` is not set. Alertmanager expires a
        /// pushed alert unless it is pushed again, so it gets a short one (Prometheus re-sends each minute).
        public var defaultRepeatInterval: Duration { self == .alertmanager ? .seconds(60) : .seconds(14_400) }
    }

    /// Names the route in logs, `/health` and the outbox directory: `[A-Za-z0-9_.-]`, 1 to 64.
    public var name: String
    public var kind: Kind
    /// The receiver URL (for `alertmanager`, its base URL).
    public var url: Secret
    /// PagerDuty's integration key; nil for the other kinds.
    public var routingKey: Secret?
    /// Alerts below this severity do not go to this route.
    public var minSeverity: Severity
    /// Re-notify a still-firing alert this often; zero means notify once.
    public var repeatInterval: Duration
    /// Limit of one delivery attempt, connection included.
    public var timeout: Duration

    public init(name: String, kind: Kind, url: Secret, routingKey: Secret? = nil, minSeverity: Severity = .warning,
                repeatInterval: Duration? = nil, timeout: Duration = .seconds(10)) {
        self.name = name
        self.kind = kind
        self.url = url
        self.routingKey = routingKey
        self.minSeverity = minSeverity
        self.repeatInterval = repeatInterval ?? kind.defaultRepeatInterval
        self.timeout = timeout
    }

    /// Whether alerts of `severity` go to this route.
    public func accepts(_ severity: Severity) -> Bool { severity >= minSeverity }

    /// PagerDuty's Events API v2 endpoint, used when a `pagerduty` route gives no URL.
    public static let pagerDutyEventsURL = "https://events.pagerduty.com/v2/enqueue"

    /// At most this many routes: each has its own delivery loop and HTTP thread.
    public static let maxRoutes = 32

    /// True for a usable route name; it becomes a directory name, so no `/` and no leading dot.
    public static func isValidName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, s.utf8.count <= 64, first != "." else { return false }
        return s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) }
    }

    /// True for a credential file name under `$CREDENTIALS_DIRECTORY` (as systemd's `LoadCredential=` allows).
    public static func isValidCredentialName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 255 && s != "." && s != ".."
            && !s.unicodeScalars.contains { $0 == "/" || $0.value < 0x20 || $0.value == 0x7F }
    }
}
