/// What the durable outbox stores per queued notification: the alert, not the request body, so
/// that no URL or routing key is ever written to disk and the body is built at send time.
///
/// Format (version 1), one compact JSON object per file:
/// `{"v":1,"enqueued_at_ms":…,"repeat":false,"labels":{},"alert":{"name","subject","severity",
/// "summary","state","starts_at_ms","ends_at_ms"?}}`.
public struct OutboxRecord: Sendable, Hashable {
    public var notification: AlertNotification
    /// When it was queued (shown as the age of the oldest queued notification).
    public var enqueuedAt: WallTime

    public init(_ notification: AlertNotification, enqueuedAt: WallTime) {
        self.notification = notification
        self.enqueuedAt = enqueuedAt
    }

    public var json: JSONValue {
        .object([
            "v": .number(1), "enqueued_at_ms": .number(Double(enqueuedAt.milliseconds)), "repeat": .bool(notification.isRepeat),
            "labels": .object(notification.extraLabels.mapValues(JSONValue.string)), "alert": Self.json(notification.alert),
        ])
    }

    /// An alert as stored: `{"name","subject","severity","summary","state","starts_at_ms","ends_at_ms"?}`.
    static func json(_ a: Alert) -> JSONValue {
        var alert: [String: JSONValue] = [
            "name": .string(a.key.name.rawValue), "subject": .string(a.key.subject), "severity": .string(a.severity.rawValue),
            "summary": .string(a.summary), "state": .string(a.state.rawValue), "starts_at_ms": .number(Double(a.startsAt.milliseconds)),
        ]
        if let end = a.endsAt { alert["ends_at_ms"] = .number(Double(end.milliseconds)) }
        return .object(alert)
    }

    /// The alert stored by ``json(_:)``; nil when damaged or of a name this build does not know.
    static func alert(_ a: JSONValue?) -> Alert? {
        guard let a, let name = a["name"]?.stringValue.flatMap(AlertName.init(rawValue:)), let subject = a["subject"]?.stringValue,
              let severity = a["severity"]?.stringValue.flatMap(Severity.init(rawValue:)), let summary = a["summary"]?.stringValue,
              let state = a["state"]?.stringValue.flatMap(Alert.State.init(rawValue:)), let starts = millis(a["starts_at_ms"])
        else { return nil }
        return Alert(key: AlertKey(name, subject), severity: severity, summary: summary, state: state,
                     startsAt: starts, endsAt: millis(a["ends_at_ms"]))
    }

    /// The file's bytes.
    public var bytes: [UInt8] { Array(json.jsonText.utf8) }

    /// Parses a record; nil for anything else (a damaged file, an alert name this build does not know).
    public static func parse(_ bytes: some Collection<UInt8>) -> OutboxRecord? {
        guard let v = JSONValue.parse(bytes), v["v"] == .number(1), let alert = alert(v["alert"]),
              let enqueued = millis(v["enqueued_at_ms"]), case .bool(let isRepeat)? = v["repeat"], case .object(let l)? = v["labels"]
        else { return nil }
        return OutboxRecord(AlertNotification(alert, isRepeat: isRepeat, extraLabels: l.compactMapValues(\.stringValue)),
                            enqueuedAt: enqueued)
    }

    static func millis(_ v: JSONValue?) -> WallTime? {
        guard case .number(let d)? = v, d.isFinite, d == d.rounded(), abs(d) < 9e15 else { return nil }
        return WallTime(milliseconds: Int64(d))
    }
}
