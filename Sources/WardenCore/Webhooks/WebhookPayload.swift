/// The request bodies of each route kind, built from alerts. Shapes follow the receivers' docs
/// (REFERENCE.md §4): Alertmanager webhook v4, Alertmanager API v2, PagerDuty Events v2, Slack.
public enum WebhookPayload {
    /// Labels every Warden alert carries.
    static func labels(_ a: Alert, source: String) -> [String: JSONValue] {
        ["alertname": .string(a.key.name.rawValue), "severity": .string(a.severity.rawValue),
         "subject": .string(a.key.subject), "service": .string("warden"), "instance": .string(source)]
    }

    static func alertObject(_ a: Alert, source: String, generatorURL: String) -> JSONValue {
        .object([
            "status": .string(a.state.rawValue),
            "labels": .object(labels(a, source: source)),
            "annotations": .object(["summary": .string(a.summary)]),
            "startsAt": .string(a.startsAt.iso8601),
            "endsAt": .string(a.endsAt?.iso8601 ?? "0001-01-01T00:00:00Z"),
            "generatorURL": .string(generatorURL),
            "fingerprint": .string(a.fingerprint),
        ])
    }

    /// Alertmanager's webhook body, version 4 (one alert per notification: groupKey is its fingerprint).
    public static func alertmanagerWebhook(_ a: Alert, receiver: String, source: String, generatorURL: String) -> JSONValue {
        let common = labels(a, source: source)
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
            "alerts": .array([alertObject(a, source: source, generatorURL: generatorURL)]),
        ])
    }

    /// `POST /api/v2/alerts`: an array of postable alerts; a resolve carries `endsAt` = now.
    public static func alertmanagerAPI(_ a: Alert, source: String, generatorURL: String) -> JSONValue {
        var alert: [String: JSONValue] = [
            "labels": .object(labels(a, source: source)),
            "annotations": .object(["summary": .string(a.summary)]),
            "startsAt": .string(a.startsAt.iso8601),
            "generatorURL": .string(generatorURL),
        ]
        if let end = a.endsAt { alert["endsAt"] = .string(end.iso8601) }
        return .array([.object(alert)])
    }

    /// PagerDuty Events API v2: trigger or resolve, deduplicated per alert and subject.
    public static func pagerDuty(_ a: Alert, routingKey: String, source: String) -> JSONValue {
        var body: [String: JSONValue] = [
            "routing_key": .string(routingKey),
            "event_action": .string(a.state == .firing ? "trigger" : "resolve"),
            "dedup_key": .string(pagerDutyDedupKey(a.key)),
        ]
        if a.state == .firing {
            body["payload"] = .object([
                "summary": .string(String("\(a.key.name.rawValue) \(a.key.subject): \(a.summary)".prefix(1024))),
                "source": .string(source),
                "severity": .string(a.severity == .critical ? "critical" : "warning"),
                "timestamp": .string(a.startsAt.iso8601),
                "component": .string(a.key.subject),
                "class": .string(a.key.name.rawValue),
                "custom_details": .object(["subject": .string(a.key.subject), "fingerprint": .string(a.fingerprint)]),
            ])
        }
        return .object(body)
    }

    /// Stable per (alert name, subject), ≤ 255 characters.
    public static func pagerDutyDedupKey(_ key: AlertKey) -> String {
        "warden/\(key.name.rawValue)/\(Alert.fingerprint(key))"
    }

    /// A Slack incoming-webhook `text`, readable on a phone: state and name first, then the subject and summary.
    public static func slack(_ a: Alert, source: String) -> JSONValue {
        let head = a.state == .firing
            ? "🔴 FIRING \(a.severity == .critical ? "CRITICAL" : "warning"): \(a.key.name.rawValue)"
            : "✅ RESOLVED: \(a.key.name.rawValue)"
        var lines = [head, "\(a.key.subject) — \(a.summary)", "since \(a.startsAt.iso8601.prefix(19))Z on \(source)"]
        if let end = a.endsAt { lines[2] += ", resolved \(end.iso8601.prefix(19))Z" }
        return .object(["text": .string(lines.joined(separator: "\n"))])
    }
}
