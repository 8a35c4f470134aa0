/// The request bodies of each route kind, built from alerts. Shapes follow the receivers' docs
/// (REFERENCE.md §4): Alertmanager webhook v4, Alertmanager API v2, PagerDuty Events v2, Slack.
public enum WebhookPayload {
    /// Labels every Warden alert carries, plus `extra` ones (which never replace these).
    static func labels(_ a: Alert, source: String, extra: [String: String] = [:]) -> [String: JSONValue] {
        let own: [String: JSONValue] = [
            "alertname": .string(a.key.name.rawValue), "severity": .string(a.severity.rawValue),
            "subject": .string(a.key.subject), "service": .string("warden"), "instance": .string(source)]
        return own.merging(extra.mapValues(JSONValue.string)) { mine, _ in mine }
    }

    static func alertObject(_ a: Alert, source: String, generatorURL: String, extra: [String: String]) -> JSONValue {
        .object([
            "status": .string(a.state.rawValue),
            "labels": .object(labels(a, source: source, extra: extra)),
            "annotations": .object(["summary": .string(a.summary)]),
            "startsAt": .string(a.startsAt.iso8601),
            "endsAt": .string(a.endsAt?.iso8601 ?? "0001-01-01T00:00:00Z"),
            "generatorURL": .string(generatorURL),
            "fingerprint": .string(a.fingerprint),
        ])
    }

    /// Alertmanager's webhook body, version 4 (one alert per notification: groupKey is its fingerprint).
    public static func alertmanagerWebhook(_ a: Alert, receiver: String, source: String, generatorURL: String,
                                           extraLabels: [String: String] = [:]) -> JSONValue {
        let common = labels(a, source: source, extra: extraLabels)
        return .object([
            "version": .string("4"),
            "groupKey": .string("{}:{fingerprint=\"\(a.fingerprint)\"}"),
            "truncatedAlerts": .number(0),
            "status": .string(a.state.rawValue),
            "receiver": .string(receiver),
            "groupLabels": .object(["alertname": .string(a.key.name.rawValue)]),
            "commonLabels": .object(common),
            "commonAnnotations": .object(["summary": .string(a.summary)]),
            "externalURL": .string(generatorURL),
            "alerts": .array([alertObject(a, source: source, generatorURL: generatorURL, extra: extraLabels)]),
        ])
    }

    /// `POST /api/v2/alerts`: an array of postable alerts; a resolve carries `endsAt` = now.
    /// - Parameter expiresAt: `endsAt` of a firing alert, as Prometheus sends it (a few re-send
    ///   periods ahead), so Alertmanager keeps it open between pushes and closes it if Warden dies.
    public static func alertmanagerAPI(_ a: Alert, source: String, generatorURL: String, expiresAt: WallTime? = nil,
                                       extraLabels: [String: String] = [:]) -> JSONValue {
        var alert: [String: JSONValue] = [
            "labels": .object(labels(a, source: source, extra: extraLabels)),
            "annotations": .object(["summary": .string(a.summary)]),
            "startsAt": .string(a.startsAt.iso8601),
            "generatorURL": .string(generatorURL),
        ]
        if let end = a.endsAt ?? (a.state == .firing ? expiresAt : nil) { alert["endsAt"] = .string(end.iso8601) }
        return .array([.object(alert)])
    }

    /// PagerDuty Events API v2: trigger or resolve, deduplicated per alert and subject.
    /// - Parameter extraLabels: go into `custom_details`; `test=true` also prefixes the summary with `[TEST]`.
    public static func pagerDuty(_ a: Alert, routingKey: String, source: String, extraLabels: [String: String] = [:]) -> JSONValue {
        let prefix = extraLabels["test"] == "true" ? "[TEST] " : ""
        var body: [String: JSONValue] = [
            "routing_key": .string(routingKey),
            "event_action": .string(a.state == .firing ? "trigger" : "resolve"),
            "dedup_key": .string(pagerDutyDedupKey(a.key)),
        ]
        if a.state == .firing {
            body["payload"] = .object([
                "summary": .string(String("\(prefix)\(a.key.name.rawValue) \(a.key.subject): \(a.summary)".prefix(1024))),
                "source": .string(source),
                "severity": .string(a.severity == .critical ? "critical" : "warning"),
                "timestamp": .string(a.startsAt.iso8601),
                "component": .string(a.key.subject),
                "class": .string(a.key.name.rawValue),
                "custom_details": .object(extraLabels.mapValues(JSONValue.string).merging(
                    ["subject": .string(a.key.subject), "fingerprint": .string(a.fingerprint)]) { _, mine in mine }),
            ])
        }
        return .object(body)
    }

    /// Stable per (alert name, subject), ≤ 255 characters.
    public static func pagerDutyDedupKey(_ key: AlertKey) -> String {
        "warden/\(key.name.rawValue)/\(Alert.fingerprint(key))"
    }

    /// A Slack incoming-webhook `text`, readable on a phone: state and name first, then the subject and summary.
    /// A repeat says "still firing"; a test starts with `[TEST]`.
    public static func slack(_ a: Alert, source: String, isRepeat: Bool = false, isTest: Bool = false) -> JSONValue {
        let state = isRepeat ? "STILL FIRING" : "FIRING"
        let head = (isTest ? "[TEST] " : "") + (a.state == .firing
            ? "🔴 \(state) \(a.severity == .critical ? "CRITICAL" : "warning"): \(a.key.name.rawValue)"
            : "✅ RESOLVED: \(a.key.name.rawValue)")
        var lines = [head, "\(a.key.subject) — \(a.summary)", "since \(a.startsAt.iso8601.prefix(19))Z on \(source)"]
        if let end = a.endsAt { lines[2] += ", resolved \(end.iso8601.prefix(19))Z" }
        return .object(["text": .string(lines.joined(separator: "\n"))])
    }
}
