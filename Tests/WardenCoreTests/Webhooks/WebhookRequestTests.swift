import Testing
import WardenCore

/// Which URL and body each route kind gets for a notification.
struct WebhookRequestTests {
    static let t0 = WallTime(milliseconds: 1_800_000_000_000)
    static let firing = Alert(key: AlertKey(.consumerLag, "quantum:stream:trade.intent/execution_group"), severity: .warning,
                              summary: "lag 67448", state: .firing, startsAt: t0)

    func route(_ kind: AlertRoute.Kind, _ url: String = "http://127.0.0.1:9/base/", repeatInterval: Duration? = nil) -> AlertRoute {
        AlertRoute(name: "r", kind: kind, url: Secret(url, source: "test"),
                   routingKey: kind == .pagerduty ? Secret("ROUTINGKEY", source: "test") : nil, repeatInterval: repeatInterval)
    }

    func body(_ r: WebhookRequest) -> JSONValue? { JSONValue.parse(Array(r.body.utf8)) }

    @Test(arguments: [
        ("http://am:9093", "http://am:9093/api/v2/alerts"), ("http://am:9093/", "http://am:9093/api/v2/alerts"),
        ("http://am/prefix//", "http://am/prefix/api/v2/alerts"), ("http://am/api/v2/alerts", "http://am/api/v2/alerts"),
    ])
    func alertmanagerPushesToTheAlertsEndpoint(base: String, endpoint: String) {
        #expect(WebhookRequest.alertsEndpoint(base) == endpoint)
    }

    @Test
    func alertmanagerFiringExpiresAfterFourRepeatPeriodsAndResolveCarriesEndsAt() {
        let now = Self.t0 + .seconds(300)
        let f = WebhookRequest(route: route(.alertmanager), notification: AlertNotification(Self.firing), source: "h", generatorURL: "g", now: now)
        #expect(f.url == "http://127.0.0.1:9/base/api/v2/alerts")
        #expect(body(f)?[0]?["endsAt"] == .string((now + .seconds(240)).iso8601))
        var r = Self.firing
        r.state = .resolved
        r.endsAt = Self.t0 + .seconds(400)
        let rr = WebhookRequest(route: route(.alertmanager), notification: AlertNotification(r), source: "h", generatorURL: "g", now: now)
        #expect(body(rr)?[0]?["endsAt"] == .string((Self.t0 + .seconds(400)).iso8601))
        let once = WebhookRequest(route: route(.alertmanager, repeatInterval: .zero), notification: AlertNotification(Self.firing),
                                  source: "h", generatorURL: "g", now: now)
        #expect(body(once)?[0]?["endsAt"] == nil)
    }

    @Test
    func eachKindPostsItsOwnShapeToItsURL() {
        let n = AlertNotification(Self.firing)
        let hook = WebhookRequest(route: route(.webhook), notification: n, source: "h", generatorURL: "g", now: Self.t0)
        #expect(hook.url == "http://127.0.0.1:9/base/" && body(hook)?["version"] == .string("4") && body(hook)?["receiver"] == .string("r"))
        let pd = WebhookRequest(route: route(.pagerduty, AlertRoute.pagerDutyEventsURL), notification: n, source: "h", generatorURL: "g", now: Self.t0)
        #expect(pd.url == AlertRoute.pagerDutyEventsURL && body(pd)?["routing_key"] == .string("ROUTINGKEY"))
        let slack = WebhookRequest(route: route(.slack), notification: n, source: "h", generatorURL: "g", now: Self.t0)
        #expect(body(slack)?["text"]?.stringValue?.hasPrefix("🔴 FIRING warning: ConsumerLag") == true)
    }

    @Test
    func repeatsAndTestsAreMarked() {
        let rep = WebhookRequest(route: route(.slack), notification: AlertNotification(Self.firing, isRepeat: true),
                                 source: "h", generatorURL: "g", now: Self.t0)
        #expect(body(rep)?["text"]?.stringValue?.hasPrefix("🔴 STILL FIRING warning: ConsumerLag") == true)
        let test = AlertNotification(Self.firing, extraLabels: ["test": "true", "alertname": "Spoofed"])
        let slack = WebhookRequest(route: route(.slack), notification: test, source: "h", generatorURL: "g", now: Self.t0)
        #expect(body(slack)?["text"]?.stringValue?.hasPrefix("[TEST] 🔴 FIRING") == true)
        let hook = WebhookRequest(route: route(.webhook), notification: test, source: "h", generatorURL: "g", now: Self.t0)
        #expect(body(hook)?["commonLabels"]?["test"] == .string("true"))
        #expect(body(hook)?["alerts"]?[0]?["labels"]?["alertname"] == .string("ConsumerLag"), "extra labels never replace Warden's")
        let pd = WebhookRequest(route: route(.pagerduty), notification: test, source: "h", generatorURL: "g", now: Self.t0)
        #expect(body(pd)?["payload"]?["summary"]?.stringValue?.hasPrefix("[TEST] ConsumerLag") == true)
        #expect(body(pd)?["payload"]?["custom_details"]?["test"] == .string("true"))
    }
}

extension JSONValue {
    /// Element `i` of an array (tests only).
    fileprivate subscript(i: Int) -> JSONValue? {
        if case .array(let items) = self, items.indices.contains(i) { return items[i] }
        return nil
    }
}
