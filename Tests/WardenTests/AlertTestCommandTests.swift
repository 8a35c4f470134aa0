import Foundation
import Testing
import WardenTestSupport

/// `warden alert-test` as an operator runs it: the real binary, a real config, real receivers.
@Suite(.timeLimit(.minutes(1)))
final class AlertTestCommandTests {
    let dir: URL
    static let slackPath = "/services/T0/B0/SLACK-SECRET-PATH"
    static let routingKey = "PDKEY0123456789abcdef0123456789"

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-alert-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("creds"), withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    func write(_ text: String, _ name: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func receiver(_ status: Int = 200) throws -> TestHTTPServer {
        try TestHTTPServer { _ in TestHTTPServer.Response(status: status, text: "{}") }
    }

    func route(_ name: String, _ kind: String, _ extra: String) -> String {
        "[[alerts.route]]\nname = \"\(name)\"\nkind = \"\(kind)\"\n\(extra)\n"
    }

    func json(_ r: TestHTTPServer.Request) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any] ?? [:]
    }

    @Test
    func sendsAFiringAndItsResolveThroughEveryRouteMarkedAsATest() throws {
        let (hook, am, pd, slack) = (try receiver(), try receiver(), try receiver(202), try receiver())
        _ = try write("\(slack.url(Self.slackPath))\n", "creds/slack-url")
        _ = try write("\(Self.routingKey)\n", "creds/pd-key")
        let config = try write(
            route("hook", "webhook", "url = \"\(hook.url("/hook"))\"")
                + route("am", "alertmanager", "url = \"\(am.url("/"))\"")
                + route("pd", "pagerduty", "url = \"\(pd.url("/v2/enqueue"))\"\nrouting_key_credential = \"pd-key\"\nmin_severity = \"critical\"")
                + route("chat", "slack", "url_credential = \"slack-url\""), "warden.toml")
        let r = try WardenProcess.run(["alert-test", "--config", config],
                                      environment: ["CREDENTIALS_DIRECTORY": dir.appendingPathComponent("creds").path])
        #expect(r.status == 0, "stdout: \(r.stdout) stderr: \(r.stderr)")
        #expect(r.stdout.contains("route hook (webhook): firing delivered (HTTP 200); resolved delivered (HTTP 200)"), "\(r.stdout)")
        #expect(r.stdout.contains("route pd (pagerduty): firing delivered (HTTP 202); resolved delivered (HTTP 202)"))
        #expect(r.stdout.contains("alert-test: 4 of 4 route(s) OK"))
        for secret in ["SLACK-SECRET-PATH", Self.routingKey] {
            #expect(!r.stdout.contains(secret) && !r.stderr.contains(secret))
        }
        for server in [hook, am, pd, slack] {
            #expect(server.requests.count == 2 && server.requests.allSatisfy { $0.method == "POST" })
            #expect(server.requests.allSatisfy { $0.header("Content-Type") == "application/json" })
        }
        let h = hook.requests.map(json)
        #expect(h.map { $0["status"] as? String } == ["firing", "resolved"])
        #expect((h.first?["commonLabels"] as? [String: String])?["test"] == "true")
        #expect((h.first?["commonLabels"] as? [String: String])?["subject"] == "warden-alert-test")
        #expect(am.requests.map(\.path) == ["/api/v2/alerts", "/api/v2/alerts"])
        let p = pd.requests.map(json)
        #expect(p.map { $0["event_action"] as? String } == ["trigger", "resolve"])
        #expect(p.map { $0["routing_key"] as? String } == [Self.routingKey, Self.routingKey])
        #expect(((p.first?["payload"] as? [String: Any])?["summary"] as? String)?.hasPrefix("[TEST] ") == true)
        #expect(slack.requests.map(\.path) == [Self.slackPath, Self.slackPath])
        #expect(slack.requests.map { (json($0)["text"] as? String)?.hasPrefix("[TEST] ") == true } == [true, true])
    }

    @Test
    func anyFailedRouteIsPrintedWithItsReasonAndExitsNonZero() throws {
        let (ok, refusing) = (try receiver(), try receiver(404))
        let down = try TestHTTPServer.unusedPort()
        let config = try write(
            route("ok", "slack", "url = \"\(ok.url("/"))\"") + route("bad", "webhook", "url = \"\(refusing.url("/"))\"")
                + route("down", "webhook", "url = \"http://127.0.0.1:\(down)/\"\ntimeout_ms = 2000"), "warden.toml")
        let r = try WardenProcess.run(["alert-test", "--config", config])
        #expect(r.status == 1, "stdout: \(r.stdout) stderr: \(r.stderr)")
        #expect(r.stdout.contains("route ok (slack): firing delivered (HTTP 200); resolved delivered (HTTP 200)"))
        #expect(r.stdout.contains("route bad (webhook): firing REFUSED (HTTP 404"), "\(r.stdout)")
        #expect(r.stdout.contains("route down (webhook): firing FAILED (connect"), "\(r.stdout)")
        #expect(r.stdout.contains("alert-test: 1 of 3 route(s) OK"))
        #expect(refusing.requests.count == 2, "one attempt each, no retries")
        #expect(ok.requests.count == 2)
    }

    @Test
    func routeOptionPicksOneRoute() throws {
        let (a, b) = (try receiver(), try receiver())
        let config = try write(route("a", "slack", "url = \"\(a.url("/"))\"") + route("b", "slack", "url = \"\(b.url("/"))\""), "warden.toml")
        let r = try WardenProcess.run(["alert-test", "--config", config, "--route", "b", "--severity", "critical"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(a.requests.isEmpty && b.requests.count == 2)
        #expect((json(b.requests[0])["text"] as? String)?.hasPrefix("[TEST] 🔴 FIRING CRITICAL") == true)
        let none = try WardenProcess.run(["alert-test", "--config", config, "--route", "nope"])
        #expect(none.status == 2 && none.stderr.contains("no alert route named nope"))
    }

    @Test
    func noRoutesOrABadConfigExitTwo() throws {
        let empty = try WardenProcess.run(["alert-test", "--config", try write("", "empty.toml")])
        #expect(empty.status == 2 && empty.stderr.contains("no [[alerts.route]] configured"), "\(empty.stderr)")
        let bad = try WardenProcess.run(["alert-test", "--config", try write(route("x", "slack", "url = \"ftp://SECRET\""), "bad.toml")])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("error: alerts.route[0].url: not a valid URL"), "\(bad.stderr)")
        #expect(!bad.stderr.contains("SECRET"))
    }

    @Test
    func checkShowsRoutesWithSecretsRedacted() throws {
        _ = try write("https://hooks.slack.com\(Self.slackPath)\n", "creds/slack-url")
        let config = try write(
            route("chat", "slack", "url_credential = \"slack-url\"")
                + route("pd", "pagerduty", "routing_key = \"\(Self.routingKey)\"")
                + route("hook", "webhook", "url = \"https://user:PASSWORD-X@hooks.example.com/SECRET-HOOK\"\nrepeat_interval_s = 0"), "warden.toml")
        let r = try WardenProcess.run(["check", "--config", config],
                                      environment: ["CREDENTIALS_DIRECTORY": dir.appendingPathComponent("creds").path,
                                                    "WARDEN_ALERTS_ROUTE_2_TIMEOUT_MS": "2500"])
        #expect(r.status == 0, "\(r.stderr)")
        for secret in ["SLACK-SECRET-PATH", Self.routingKey, "PASSWORD-X", "SECRET-HOOK"] {
            #expect(!r.stdout.contains(secret) && !r.stderr.contains(secret), "\(secret) leaked")
        }
        #expect(r.stdout.contains("# url: <redacted>, from credential slack-url"))
        #expect(r.stdout.contains("url = \"https://hooks.example.com/<redacted>\""))
        #expect(r.stdout.contains("routing_key = \"<redacted>\""))
        #expect(r.stdout.contains("timeout_ms = 2500  # env WARDEN_ALERTS_ROUTE_2_TIMEOUT_MS"))
        #expect(r.stdout.contains("repeat_interval_s = 0  # file"))
    }
}
