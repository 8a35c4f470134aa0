import Testing
import WardenCore
import WardenServices
import WardenTestSupport

/// Wall-clock properties of delivery: a hung receiver delays nobody else, the caller never waits
/// for HTTP, and a receiver that comes back after an outage gets everything, once.
@Suite(.timeLimit(.minutes(2)))
struct AlertDeliveryTimingTests {
    @Test
    func hangingRouteDelaysNeitherTheOtherRouteNorTheCaller() async throws {
        let f = try AlertFixture()
        let hung = try AlertReceiver(), live = try AlertReceiver()
        hung.set(.hang)
        let dispatcher = f.dispatcher([AlertFixture.route("hung", .webhook, hung.server.url("/"), timeout: .seconds(5)),
                                       AlertFixture.route("live", .webhook, live.server.url("/"))])
        try await running(dispatcher.services) {
            for i in 1...4 {
                let alert = AlertFixture.alert(subject: "S\(i)", at: AlertFixture.now())
                let start = ContinuousClock.now
                await dispatcher.handle([.fire(alert)], now: alert.startsAt)
                let handled = ContinuousClock.now - start
                #expect(handled < .milliseconds(500), "handle waited \(handled)")
                guard await eventually(timeout: .seconds(3), { live.accepted.count == i }) else {
                    Issue.record("notification \(i) never reached the live route")
                    return
                }
                let arrived = live.acceptedAt[i - 1] - start
                #expect(arrived < .seconds(1), "notification \(i) took \(arrived) on the live route")
                try await Task.sleep(for: .milliseconds(300))
            }
            #expect(hung.server.requests.count == 1, "the hung route is still on its first attempt")
            #expect(dispatcher.health()[0].queued == 4 && dispatcher.health()[0].delivered == 0)
        }
    }

    @Test
    func receiverDownForTenSecondsGetsEveryNotificationOnceWhenItComesBack() async throws {
        let f = try AlertFixture()
        let receiver = try AlertReceiver()
        receiver.set(.close)  // accepts connections and drops them unanswered
        // The production back-off (1 s doubling, jittered, capped at 60 s).
        let dispatcher = f.dispatcher([AlertFixture.route("r", .webhook, receiver.server.url("/"))],
                                      backoff: { DeliveryPolicy.backoff(attempt: $0, random: Double.random(in: 0..<1)) })
        let alerts = (1...5).map { AlertFixture.alert(subject: "S\($0)", at: AlertFixture.t0 + .seconds($0)) }
        let downAt = ContinuousClock.now
        try await running(dispatcher.services) {
            for (i, alert) in alerts.enumerated() {
                await dispatcher.handle([.fire(alert)], now: alert.startsAt)
                if i % 2 == 0 {
                    await dispatcher.handle([.resolve(AlertFixture.resolved(alert, after: .seconds(1)))], now: alert.startsAt + .seconds(1))
                }
                try await Task.sleep(for: .seconds(1))
            }
            try await Task.sleep(until: downAt + .seconds(10))
            #expect(receiver.accepted.isEmpty && dispatcher.health()[0].failedAttempts >= 3)
            receiver.set(.answer)
            #expect(await eventually(timeout: .seconds(40)) { receiver.accepted.count == 8 })
            try await Task.sleep(for: .seconds(1))
        }
        var expected: [AlertReceiver.Event] = []
        for (i, alert) in alerts.enumerated() {
            expected.append(.init(alert.fingerprint, "firing"))
            if i % 2 == 0 { expected.append(.init(alert.fingerprint, "resolved")) }
        }
        #expect(receiver.events == expected, "each event exactly once, in the order queued")
        #expect(dispatcher.health()[0].delivered == 8 && dispatcher.health()[0].queued == 0 && !dispatcher.health()[0].failing)
        #expect(f.events("ALERT_DELIVERY_FAILED").count == 1 && f.events("ALERT_DELIVERY_RECOVERED").count == 1)
    }
}
