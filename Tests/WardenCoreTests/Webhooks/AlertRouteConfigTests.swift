import Testing
import WardenCore

/// `[[alerts.route]]` validation: problems name `alerts.route[N].key` and never quote values.
struct AlertRouteConfigTests {
    static let secretURL = "https://hooks.slack.com/services/T000/B000/SECRET-PATH-42"

    func resolve(_ routes: [[String: ConfigValue]], credentials: [String: Secret] = [:]) -> Result<WardenConfig, ConfigProblems> {
        WardenConfig.resolve([:], routes: routes, secrets: Secrets(credentials: credentials))
    }

    @Test
    func routesResolveWithDefaultsPerKind() throws {
        let c = try resolve([
            ["name": .string("oncall"), "kind": .string("pagerduty"), "routing_key_credential": .string("pd"),
             "min_severity": .string("critical")],
            ["name": .string("chat"), "kind": .string("slack"), "url_credential": .string("slack-url"), "timeout_ms": .integer(2500)],
            ["name": .string("am"), "kind": .string("alertmanager"), "url": .string("http://127.0.0.1:9093")],
            ["name": .string("hook"), "kind": .string("webhook"), "url": .string("http://127.0.0.1:9/x?token=1"),
             "repeat_interval_s": .integer(0)],
        ], credentials: ["pd": Secret("R0000", source: "credential pd"), "slack-url": Secret(Self.secretURL, source: "credential slack-url")]).get()
        let r = c.alerts.routes
        #expect(r.map(\.name) == ["oncall", "chat", "am", "hook"])
        #expect(r[0].url.value == AlertRoute.pagerDutyEventsURL && r[0].routingKey?.value == "R0000" && r[0].minSeverity == .critical)
        #expect(r[0].repeatInterval == .seconds(14_400) && r[0].timeout == .seconds(10))
        #expect(r[1].url.value == Self.secretURL && r[1].minSeverity == .warning && r[1].timeout == .milliseconds(2500))
        #expect(r[2].repeatInterval == .seconds(60), "Alertmanager expires pushed alerts: re-push every minute")
        #expect(r[3].repeatInterval == .zero)
        #expect(WardenConfig.defaults.alerts.routes.isEmpty)
    }

    static let url: ConfigValue = .string(secretURL)

    /// Each table yields exactly the problem keys listed, and no message quotes a value.
    @Test(arguments: [
        ([["kind": .string("slack"), "url": url]], ["alerts.route[0].name"]),
        ([["name": .string("a/b"), "kind": .string("slack"), "url": url]], ["alerts.route[0].name"]),
        ([["name": .string("a"), "url": url]], ["alerts.route[0].kind"]),
        ([["name": .string("a"), "kind": .string("email"), "url": url]], ["alerts.route[0].kind"]),
        ([["name": .string("a"), "kind": .string("slack")]], ["alerts.route[0].url"]),
        ([["name": .string("a"), "kind": .string("slack"), "url": .string("ftp://SECRET-PATH-42")]], ["alerts.route[0].url"]),
        ([["name": .string("a"), "kind": .string("slack"), "url": .string("https://h/SECRET-PATH-42#x")]], ["alerts.route[0].url"]),
        ([["name": .string("a"), "kind": .string("slack"), "url": url, "url_credential": .string("c")]], ["alerts.route[0].url"]),
        ([["name": .string("a"), "kind": .string("slack"), "url_credential": .string("missing")]], ["alerts.route[0].url_credential"]),
        ([["name": .string("a"), "kind": .string("slack"), "url_credential": .string("../etc/passwd")]], ["alerts.route[0].url_credential"]),
        ([["name": .string("a"), "kind": .string("pagerduty")]], ["alerts.route[0].routing_key"]),
        ([["name": .string("a"), "kind": .string("slack"), "url": url, "routing_key": .string("SECRET-PATH-42")]], ["alerts.route[0].routing_key"]),
        ([["name": .string("a"), "kind": .string("pagerduty"), "routing_key": .string("SECRET PATH-42")]], ["alerts.route[0].routing_key"]),
        ([["name": .string("a"), "kind": .string("slack"), "url": url, "min_severity": .string("info")]], ["alerts.route[0].min_severity"]),
        ([["name": .string("a"), "kind": .string("slack"), "url": url, "repeat_interval_s": .integer(-1)]], ["alerts.route[0].repeat_interval_s"]),
        ([["name": .string("a"), "kind": .string("slack"), "url": url, "timeout_ms": .integer(99_999)]], ["alerts.route[0].timeout_ms"]),
        ([["name": .string("a"), "kind": .string("slack"), "url": url], ["name": .string("a"), "kind": .string("slack"), "url": url]],
         ["alerts.route[1].name"]),
        ([["name": .string("ok"), "kind": .string("slack"), "url": url], ["name": .string("b"), "kind": .string("webhook")]],
         ["alerts.route[1].url"]),
    ] as [([[String: ConfigValue]], [String])])
    func badRouteIsAProblemNamingItsKey(routes: [[String: ConfigValue]], keys: [String]) {
        switch resolve(routes) {
        case .success: Issue.record("accepted")
        case .failure(let p):
            #expect(p.problems.map(\.key) == keys, "\(p.problems)")
            for problem in p.problems { #expect(!problem.description.contains("SECRET-PATH-42"), "\(problem)") }
        }
    }

    @Test
    func tooManyRoutesIsAProblem() {
        let routes: [[String: ConfigValue]] = (0...AlertRoute.maxRoutes).map {
            ["name": .string("r\($0)"), "kind": .string("slack"), "url": Self.url]
        }
        guard case .failure(let p) = resolve(routes) else { Issue.record("accepted"); return }
        #expect(p.problems.map(\.key) == ["alerts.route"])
    }

    @Test(arguments: [
        ("https://hooks.slack.com/services/T/B/SECRET", "https://hooks.slack.com", "https://hooks.slack.com/<redacted>"),
        ("http://user:SECRET@127.0.0.1:9093", "http://127.0.0.1:9093", "http://127.0.0.1:9093/<redacted>"),
        ("http://127.0.0.1:9093", "http://127.0.0.1:9093", "http://127.0.0.1:9093"),
        ("https://h/x?SECRET=1", "https://h", "https://h/<redacted>"),
        ("SECRET", "<invalid url>", "<invalid url>"),
    ])
    func urlsShowOnlySchemeAndHost(url: String, origin: String, shown: String) {
        #expect(HTTPAddress.origin(of: url) == origin)
        #expect(HTTPAddress.redacted(url) == shown)
    }

    @Test
    func effectiveConfigRedactsRouteSecrets() {
        let text = EffectiveConfig.render(
            values: [:], origins: [:], secrets: Secrets(credentials: ["pd": Secret("PDKEY-SECRET", source: "credential pd")]),
            routes: [["name": .string("chat"), "kind": .string("slack"), "url": Self.url],
                     ["name": .string("pd"), "kind": .string("pagerduty"), "routing_key_credential": .string("pd")],
                     ["name": .string("pd2"), "kind": .string("pagerduty"), "routing_key": .string("INLINE-SECRET")]],
            routeOrigins: [["name": "file", "kind": "file", "url": "file"]])
        #expect(!text.contains("SECRET"), "\(text)")
        #expect(text.contains("url = \"https://hooks.slack.com/<redacted>\"  # file"))
        #expect(text.contains("# routing_key: <redacted>, from credential pd"))
        #expect(text.contains("routing_key = \"<redacted>\""))
        #expect(text.contains("[[alerts.route]]  # alerts.route[2]"))
    }
}
