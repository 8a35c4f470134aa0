import Blocking
import Foundation
import InMemoryLogging
import Logging
import Synchronization
import Testing
import WardenCore
import WardenServices
import WardenTestSupport

/// The dispatcher and its delivery loops against real local HTTP receivers: what arrives on the
/// wire for each route kind, what a refusing or throttling receiver gets, what is logged.
@Suite(.timeLimit(.minutes(1)))
struct AlertDeliveryTests {
    @Test
    func everyKindArrivesInItsDocumentedShape() async throws {
        let f = try AlertFixture()
        let (hook, am, pd, slack) = (try AlertReceiver(), try AlertReceiver(), try AlertReceiver(), try AlertReceiver())
        let routes = [
            AlertFixture.route("hook", .webhook, hook.server.url("/hook")),
            AlertFixture.route("am", .alertmanager, am.server.url("/am/")),
            AlertFixture.route("pd", .pagerduty, pd.server.url("/v2/enqueue"), routingKey: "R0123456789abcdef0123456789abcd"),
            AlertFixture.route("slack", .slack, slack.server.url("/services/T0/B0/x")),
        ]
        let dispatcher = f.dispatcher(routes)
        let firing = AlertFixture.alert(subject: "quantum:stream:trade.intent/execution_group", severity: .critical)
        let resolved = AlertFixture.resolved(firing, after: .seconds(90))
        try await running(dispatcher.services) {
            await dispatcher.handle([.fire(firing)], now: firing.startsAt)
            await dispatcher.handle([.resolve(resolved)], now: resolved.endsAt!)
            #expect(await eventually { [hook, am, pd, slack].allSatisfy { $0.accepted.count == 2 } })
        }
        for r in [hook, am, pd, slack] {
            for request in r.accepted {
                #expect(request.method == "POST")
                #expect(request.header("Content-Type") == "application/json")
            }
        }
        #expect(hook.accepted.map(\.path) == ["/hook", "/hook"])
        #expect(am.accepted.map(\.path) == ["/am/api/v2/alerts", "/am/api/v2/alerts"])
        #expect(pd.accepted.map(\.path) == ["/v2/enqueue", "/v2/enqueue"])

        let w = hook.bodies
        #expect(w.map { $0["version"] } == [.string("4"), .string("4")])
        #expect(w.map { $0["status"] } == [.string("firing"), .string("resolved")])
        #expect(w.map { $0["receiver"] } == [.string("hook"), .string("hook")])
        #expect(w.map { $0["alerts"]?.firstElement?["fingerprint"] } == [.string(firing.fingerprint), .string(firing.fingerprint)])
        #expect(w.first?["alerts"]?.firstElement?["labels"]?["alertname"] == .string("ConsumerLag"))
        #expect(w.last?["alerts"]?.firstElement?["endsAt"] == .string(resolved.endsAt!.iso8601))

        let a = am.bodies.map { $0.firstElement }
        #expect(a.map { $0?["labels"]?["alertname"] } == [.string("ConsumerLag"), .string("ConsumerLag")])
        #expect(a.map { $0?["startsAt"] } == [.string(firing.startsAt.iso8601), .string(firing.startsAt.iso8601)])
        #expect(a.last??["endsAt"] == .string(resolved.endsAt!.iso8601), "a resolve carries endsAt")

        let p = pd.bodies
        #expect(p.map { $0["event_action"] } == [.string("trigger"), .string("resolve")])
        #expect(p.map { $0["routing_key"] } == [.string("R0123456789abcdef0123456789abcd"), .string("R0123456789abcdef0123456789abcd")])
        #expect(p[0]["dedup_key"] == p[1]["dedup_key"] && p[0]["dedup_key"] != nil)
        #expect(p[0]["payload"]?["severity"] == .string("critical") && p[0]["payload"]?["source"] == .string("test-host"))
        #expect(p[0]["payload"]?["summary"]?.stringValue?.contains("lag 67448") == true)

        let texts = slack.bodies.map { $0["text"]?.stringValue ?? "" }
        #expect(texts.count == 2 && texts[0].hasPrefix("🔴 FIRING CRITICAL: ConsumerLag") && texts[1].hasPrefix("✅ RESOLVED: ConsumerLag"))
        #expect(dispatcher.health().map(\.delivered) == [2, 2, 2, 2])
        #expect(dispatcher.health().allSatisfy { $0.queued == 0 && !$0.failing })
    }

    @Test
    func refusedNotificationIsTriedOnceCountedAndLoggedOnce() async throws {
        let f = try AlertFixture()
        let receiver = try AlertReceiver(status: 400)
        let dispatcher = f.dispatcher([AlertFixture.route("bad", .webhook, receiver.server.url("/"))])
        let a = AlertFixture.alert(subject: "A"), b = AlertFixture.alert(subject: "B")
        try await running(dispatcher.services) {
            await dispatcher.handle([.fire(a), .fire(b)], now: a.startsAt)
            await dispatcher.handle([.resolve(AlertFixture.resolved(a, after: .seconds(5)))], now: a.startsAt + .seconds(5))
            #expect(await eventually { dispatcher.health()[0].rejected == 3 })
            try await Task.sleep(for: .seconds(2))  // time for any retry to show up
        }
        #expect(receiver.server.requests.count == 3, "one attempt per notification, never a retry")
        let h = dispatcher.health()[0]
        #expect(h.rejected == 3 && h.delivered == 0 && h.failedAttempts == 0 && h.queued == 0)
        #expect(h.lastError == "http_400" && h.failing)
        #expect(f.events("ALERT_DELIVERY_REJECTED").count == 1)
        #expect(f.events("ALERT_DELIVERY_FAILED").count == 1)
        #expect(f.events("ALERT_DELIVERY_FAILED").first?.metadata["warden.route"] == .string("bad"))
    }

    @Test
    func throttledAndFailingReceiverIsRetriedUntilItTakesTheNotification() async throws {
        let f = try AlertFixture()
        let receiver = try AlertReceiver()
        receiver.script([429, 503, 500])
        let dispatcher = f.dispatcher([AlertFixture.route("flaky", .slack, receiver.server.url("/"))])
        try await running(dispatcher.services) {
            await dispatcher.handle([.fire(AlertFixture.alert())], now: AlertFixture.t0)
            #expect(await eventually { dispatcher.health()[0].delivered == 1 })
        }
        #expect(receiver.server.requests.count == 4 && receiver.accepted.count == 1)
        let h = dispatcher.health()[0]
        #expect(h.failedAttempts == 3 && h.rejected == 0 && !h.failing && h.lastError == "http_500")
        #expect(f.events("ALERT_DELIVERY_FAILED").count == 1, "logged once per failing streak, not per attempt")
        #expect(f.events("ALERT_DELIVERY_RECOVERED").count == 1)
    }

    @Test
    func transitionsAreLoggedOnceWithAlertAndSubject() async throws {
        let f = try AlertFixture()
        let receiver = try AlertReceiver()
        let dispatcher = f.dispatcher([AlertFixture.route("one", .slack, receiver.server.url("/")),
                                       AlertFixture.route("two", .webhook, receiver.server.url("/"))])
        let a = AlertFixture.alert(subject: "BTCUSDT")
        await dispatcher.handle([.fire(a)], now: a.startsAt)
        await dispatcher.handle([.resolve(AlertFixture.resolved(a, after: .seconds(1)))], now: a.startsAt + .seconds(1))
        for event in ["ALERT_FIRING", "ALERT_RESOLVED"] {
            let entries = f.events(event)
            #expect(entries.count == 1, "\(event)")
            #expect(entries.first?.metadata["alert"] == .string("ConsumerLag"))
            #expect(entries.first?.metadata["subject"] == .string("BTCUSDT"))
        }
        #expect(dispatcher.health().map(\.queued) == [2, 2], "queued (on disk) before handle returns")
    }

    @Test
    func aStormIsLoggedAsTheFirstTransitionsAndOneCountPerAlertButEveryOneIsQueued() async throws {
        let f = try AlertFixture()
        let receiver = try AlertReceiver()
        let dispatcher = f.dispatcher([AlertFixture.route("chat", .slack, receiver.server.url("/"))])
        let storm = (0..<50).map { AlertFixture.alert(subject: "S\($0)USDT") }
        await dispatcher.handle(storm.map { .fire($0) }, now: AlertFixture.t0)
        #expect(f.events("ALERT_FIRING").map { "\($0.metadata["subject"] ?? "")" } == (0..<20).map { "S\($0)USDT" })
        let more = f.events("ALERT_FIRING_MORE")
        #expect(more.count == 1)
        #expect(more.first?.metadata["count"] == .string("30"))
        #expect(more.first?.metadata["subjects"] == .string((20..<30).map { "S\($0)USDT" }.joined(separator: ",")))
        #expect(dispatcher.health().map(\.queued) == [50], "every alert still goes to the route")
        let resolved = storm.map { AlertFixture.resolved($0, after: .seconds(1)) }
        await dispatcher.handle(resolved.map { .resolve($0) }, now: AlertFixture.t0 + .seconds(1))
        #expect(f.events("ALERT_RESOLVED").count == 20 && f.events("ALERT_RESOLVED_MORE").count == 1)
    }

    @Test
    func stillFiringIsNotifiedAgainEachRepeatIntervalThenResolvedOnce() async throws {
        let f = try AlertFixture()
        let receiver = try AlertReceiver()
        let dispatcher = f.dispatcher([AlertFixture.route("r", .webhook, receiver.server.url("/"), repeatInterval: .seconds(1))],
                                      tick: .milliseconds(100))
        let a = AlertFixture.alert(at: AlertFixture.now())
        try await running(dispatcher.services) {
            await dispatcher.handle([.fire(a)], now: AlertFixture.now())
            #expect(await eventually { receiver.accepted.count >= 3 })
            let resolved = AlertFixture.resolved(a, after: .zero, at: AlertFixture.now())
            await dispatcher.handle([.resolve(resolved)], now: AlertFixture.now())
            #expect(await eventually { receiver.events.last?.state == "resolved" })
            try await Task.sleep(for: .milliseconds(1500))
        }
        let states = receiver.events.map(\.state)
        #expect(states.filter { $0 == "resolved" }.count == 1 && states.last == "resolved")
        #expect(states.dropLast().allSatisfy { $0 == "firing" } && states.count >= 4, "\(states)")
    }

    @Test
    func failingRouteReportsDependencyDownAndTheOthersStayFine() async throws {
        let f = try AlertFixture()
        let receiver = try AlertReceiver()
        let dispatcher = f.dispatcher([AlertFixture.route("dead", .slack, "http://127.0.0.1:\(try TestHTTPServer.unusedPort())/"),
                                       AlertFixture.route("live", .slack, receiver.server.url("/"))])
        try await running(dispatcher.services) {
            await dispatcher.handle([.fire(AlertFixture.alert())], now: AlertFixture.t0)
            #expect(await eventually { f.progress.snapshot().degraded == ["alert-route-dead"] && receiver.accepted.count == 1 })
            #expect(f.progress.snapshot().late(now: f.progress.now()).isEmpty)
        }
        #expect(dispatcher.health()[0].lastError == "connect" && dispatcher.health()[0].queued == 1)
        #expect(Set(f.progress.snapshot().loops.keys) == ["alert-dispatcher", "alert-route-dead", "alert-route-live"])
    }
}
