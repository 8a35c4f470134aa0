import Logging
import Redis
import Testing
import WardenCore
import WardenServices
import WardenTestSupport

/// The whole Warden in-process against a real redis-server and a real webhook receiver, with
/// short thresholds: a fault in the pipeline reaches on-call once, and its recovery once.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct SupervisorTimingTests {
    struct Rig: Sendable {
        let redis: RedisServer
        let receiver: AlertReceiver
        let app: WardenApp
        let alerts: AlertFixture

        func client() throws -> RedisClient { try RedisClient(url: redis.url) }

        /// Alert names (and states) the receiver accepted, in order.
        var received: [String] {
            receiver.bodies.compactMap { b in
                guard let name = b["alerts"]?.firstElement?["labels"]?["alertname"]?.stringValue,
                      let state = b["status"]?.stringValue else { return nil }
                return "\(name):\(state)"
            }
        }
    }

    static func rig(rules: [String: ConfigValue], _ body: @escaping @Sendable (Rig) async throws -> Void) async throws {
        let redis = try await RedisServer.start()
        let receiver = try AlertReceiver()
        let alerts = try AlertFixture()
        let dead = try TestHTTPServer.unusedPort()
        var config = try WardenConfig.resolve([
            "redis.url": .string(redis.url), "binance.base_url": .string("http://127.0.0.1:\(dead)"),
            "health.listen": .string("127.0.0.1:0"), "state.dir": .string(alerts.directory), "alerts.interval_s": .number(0.2),
        ], secrets: Secrets()).get()
        config.alerts.routes = [AlertFixture.route("hook", .webhook, receiver.server.url("/hook"), repeatInterval: .seconds(3600))]
        var all = rules
        all["stale_stream.streams"] = all["stale_stream.streams"] ?? .string("")
        all["consumer_lag.groups"] = all["consumer_lag.groups"] ?? .string("")
        let app = WardenApp(config: config, rules: try SupervisionRules.resolve(all).get(), consumerName: "w-test",
                            logger: alerts.logger)
        defer { Task { await redis.stop() } }
        try await running(app.services()) {
            try await body(Rig(redis: redis, receiver: receiver, app: app, alerts: alerts))
        }
    }

    @Test
    func stuckSafeModeFiresOnceThenResolvesOnce() async throws {
        try await Self.rig(rules: ["safe_mode.stuck_s": .integer(1)]) { rig in
            _ = try await rig.client().command(["SET", "quantum:safety:safe_mode", "1", "EX", "30"])
            // TTL refreshes do not reset the clock.
            for _ in 0..<4 {
                try await Task.sleep(for: .milliseconds(400))
                _ = try await rig.client().command(["EXPIRE", "quantum:safety:safe_mode", "30"])
            }
            #expect(try await eventually { rig.received == ["SafeModeStuck:firing"] })
            #expect(await rig.app.supervisors.states["SafeModeStuck"] == "firing")
            try await Task.sleep(for: .seconds(1))
            #expect(rig.received == ["SafeModeStuck:firing"], "still firing: not repeated before repeat_interval")
            _ = try await rig.client().command(["DEL", "quantum:safety:safe_mode"])
            #expect(try await eventually { rig.received == ["SafeModeStuck:firing", "SafeModeStuck:resolved"] })
            try await Task.sleep(for: .seconds(1))
            #expect(rig.received.count == 2)
        }
    }

    @Test
    func missingConsumerGroupIsAnAlert() async throws {
        try await Self.rig(rules: ["consumer_lag.groups": .string("trade.intent/execution_group"),
                                   "consumer_lag.interval_s": .integer(1), "consumer_stalled.for_s": .integer(0)]) { rig in
            #expect(try await eventually { rig.received.contains("ConsumerStalled:firing") })
            let subject = rig.receiver.bodies.first?["alerts"]?.firstElement?["labels"]?["subject"]?.stringValue
            #expect(subject == "quantum:stream:trade.intent/execution_group")
        }
    }

    @Test
    func staleStreamAndRepeatedProducerErrorsFire() async throws {
        try await Self.rig(rules: ["stale_stream.streams": .string("exitbrain.pnl"), "stale_stream.max_age_s": .integer(1),
                                   "repeated_errors.threshold": .integer(5)]) { rig in
            // exitbrain.pnl missing counts as stale.
            #expect(try await eventually { rig.received.contains("StaleStream:firing") })
            // The production case: the same TypeError from the execution service, again and again.
            for i in 0..<5 {
                _ = try await rig.client().command([
                    "XADD", "quantum:stream:trade.execution.res", "*", "symbol", "BTCUSDT", "status", "error",
                    "error", "TradeIntent.__init__() got an unexpected keyword argument 'side' (intent \(1000 + i))"])
            }
            #expect(try await eventually { rig.received.contains("RepeatedErrors:firing") })
            let summary = rig.receiver.bodies.compactMap { $0["alerts"]?.firstElement }
                .first { $0["labels"]?["alertname"]?.stringValue == "RepeatedErrors" }?["annotations"]?["summary"]?.stringValue
            #expect(summary?.contains("unexpected keyword argument") == true, "\(summary ?? "")")
        }
    }

    @Test
    func unreachableRedisFiresOnlyRedisUnreachable() async throws {
        try await Self.rig(rules: ["redis_unreachable.for_s": .integer(1), "safe_mode.stuck_s": .integer(1)]) { rig in
            try await Task.sleep(for: .milliseconds(600))
            rig.redis.pause()
            defer { rig.redis.resume() }
            #expect(try await eventually(timeout: .seconds(15)) { rig.received.contains("RedisUnreachable:firing") })
            // Checks that read Redis are unknown, not firing on missing data.
            #expect(rig.received == ["RedisUnreachable:firing"], "\(rig.received)")
            #expect(await rig.app.supervisors.states["SafeModeStuck"] == "unknown")
            rig.redis.resume()
            #expect(try await eventually(timeout: .seconds(15)) { rig.received.contains("RedisUnreachable:resolved") })
        }
    }
}
