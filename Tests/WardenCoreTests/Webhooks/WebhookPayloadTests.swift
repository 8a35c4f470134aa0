import Testing
import WardenCore

struct WebhookPayloadTests {
    static let start = WallTime(milliseconds: 1_800_000_000_000)
    static let firing = Alert(key: AlertKey(.safeModeStuck, "quantum:safety:safe_mode"), severity: .critical,
                              summary: "safe mode on for 15m", state: .firing, startsAt: start)
    static var resolved: Alert {
        var a = firing
        a.state = .resolved
        a.endsAt = start + .seconds(1200)
        return a
    }

    func keys(_ v: JSONValue?) -> Set<String> {
        if case .object(let m)? = v { return Set(m.keys) }
        return []
    }

    @Test
    func alertmanagerWebhookHasTheVersion4Shape() throws {
        let body = WebhookPayload.alertmanagerWebhook(Self.firing, receiver: "oncall", source: "host1", generatorURL: "http://h/health")
        #expect(keys(body) == ["version", "groupKey", "truncatedAlerts", "status", "receiver", "groupLabels", "commonLabels",
                               "commonAnnotations", "externalURL", "alerts"])
        #expect(body["version"] == .string("4") && body["status"] == .string("firing"))
        guard case .array(let alerts)? = body["alerts"], let alert = alerts.first else { Issue.record("no alerts"); return }
        #expect(keys(alert) == ["status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"])
        #expect(alert["labels"]?["alertname"] == .string("SafeModeStuck"))
        #expect(alert["labels"]?["severity"] == .string("critical"))
        #expect(alert["startsAt"] == .string("2027-01-15T08:00:00.000Z"))
        let r = WebhookPayload.alertmanagerWebhook(Self.resolved, receiver: "oncall", source: "host1", generatorURL: "x")
        #expect(r["status"] == .string("resolved"))
    }

    @Test
    func alertmanagerAPIResolveCarriesEndsAt() {
        guard case .array(let f) = WebhookPayload.alertmanagerAPI(Self.firing, source: "h", generatorURL: "g"),
              case .array(let r) = WebhookPayload.alertmanagerAPI(Self.resolved, source: "h", generatorURL: "g")
        else { Issue.record("not arrays"); return }
        #expect(f.first?["endsAt"] == nil)
        #expect(r.first?["endsAt"] == .string("2027-01-15T08:20:00.000Z"))
        #expect(r.first?["labels"]?["alertname"] == .string("SafeModeStuck"))
    }

    @Test
    func pagerDutyTriggerAndResolveShareTheDedupKey() {
        let t = WebhookPayload.pagerDuty(Self.firing, routingKey: "R" + String(repeating: "0", count: 31), source: "host1")
        let r = WebhookPayload.pagerDuty(Self.resolved, routingKey: "R" + String(repeating: "0", count: 31), source: "host1")
        #expect(t["event_action"] == .string("trigger") && r["event_action"] == .string("resolve"))
        #expect(t["dedup_key"] == r["dedup_key"] && t["dedup_key"] != nil)
        #expect(keys(t["payload"]).isSuperset(of: ["summary", "source", "severity"]))
        #expect(t["payload"]?["severity"] == .string("critical"))
        let other = WebhookPayload.pagerDuty(Alert(key: AlertKey(.safeModeStuck, "other"), severity: .warning, summary: "",
                                                   state: .firing, startsAt: Self.start), routingKey: "k", source: "h")
        #expect(other["dedup_key"] != t["dedup_key"])
    }

    @Test
    func slackTextIsShortAndSaysStateFirst() throws {
        guard case .string(let text)? = WebhookPayload.slack(Self.firing, source: "host1")["text"] else { Issue.record("no text"); return }
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3 && lines[0] == "🔴 FIRING CRITICAL: SafeModeStuck")
        #expect(lines[1] == "quantum:safety:safe_mode — safe mode on for 15m")
        guard case .string(let r)? = WebhookPayload.slack(Self.resolved, source: "host1")["text"] else { return }
        #expect(r.hasPrefix("✅ RESOLVED: SafeModeStuck"))
    }

    @Test(arguments: [
        (DeliveryOutcome.status(200), RetryDecision.delivered), (.status(202), .delivered), (.status(429), .retry),
        (.status(500), .retry), (.status(503), .retry), (.status(400), .reject), (.status(404), .reject),
        (.status(401), .reject), (.transport("timeout"), .retry), (.transport("connect"), .retry),
    ])
    func classify(outcome: DeliveryOutcome, decision: RetryDecision) {
        #expect(DeliveryPolicy.classify(outcome) == decision)
    }

    @Test(arguments: [(1, 1.0), (2, 2.0), (3, 4.0), (6, 32.0), (7, 60.0), (50, 60.0)])
    func backoffDoublesToACapWithJitter(attempt: Int, base: Double) {
        #expect(DeliveryPolicy.backoff(attempt: attempt, random: 0) == .milliseconds(Int64(base * 500)))
        #expect(DeliveryPolicy.backoff(attempt: attempt, random: 0.999999) <= .milliseconds(Int64(base * 1000)))
    }
}
