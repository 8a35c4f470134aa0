import Glibc
import HTTP
import Logging
import Synchronization
import Redis
import Testing
import WardenCore
import WardenServices
import WardenTestSupport

/// The whole Warden in-process against a real redis-server and a real webhook receiver, with
/// short thresholds: a fault in the pipeline reaches on-call once, and its recovery once.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct SupervisorTimingTests {
    final class Port: Sendable {
        let value = Mutex(0)
    }

    struct Rig: Sendable {
        let healthPort: Port
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

    static func rig(rules: [String: ConfigValue], exchange: String? = nil, config extra: [String: ConfigValue] = [:],
                    _ body: @escaping @Sendable (Rig) async throws -> Void) async throws {
        let redis = try await RedisServer.start()
        let receiver = try AlertReceiver()
        let alerts = try AlertFixture()
        let dead = try TestHTTPServer.unusedPort()
        var values: [String: ConfigValue] = [
            "redis.url": .string(redis.url), "binance.base_url": .string(exchange ?? "http://127.0.0.1:\(dead)"),
            "health.listen": .string("127.0.0.1:0"), "state.dir": .string(alerts.directory), "alerts.interval_s": .number(0.2),
        ]
        values.merge(extra) { _, new in new }
        var config = try WardenConfig.resolve(values, secrets: Secrets()).get()
        config.alerts.routes = [AlertFixture.route("hook", .webhook, receiver.server.url("/hook"), repeatInterval: .seconds(3600))]
        var all = rules
        all["stale_stream.streams"] = all["stale_stream.streams"] ?? .string("")
        all["consumer_lag.groups"] = all["consumer_lag.groups"] ?? .string("")
        let app = WardenApp(config: config, rules: try SupervisionRules.resolve(all).get(), consumerName: "w-test",
                            logger: alerts.logger)
        defer { Task { await redis.stop() } }
        let port = Port()
        try await running(app.services(onHealthBound: { p in port.value.withLock { $0 = p } })) {
            try await body(Rig(healthPort: port, redis: redis, receiver: receiver, app: app, alerts: alerts))
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
            // /metrics shows every supervisor's state.
            let port = rig.healthPort.value.withLock { $0 }
            let metrics = try await HTTPClient().send(HTTPRequest(get: "http://127.0.0.1:\(port)/metrics")).text
            #expect(metrics.contains(#"warden_supervisor_state{alert="SafeModeStuck",state="firing"} 1"#), "\(metrics.prefix(2000))")
            #expect(metrics.contains(#"warden_supervisor_state{alert="ConsumerLag",state="ok"} 1"#))
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

    @Test
    func openPositionWithoutPricesOrClosesFiresPriceStaleAndTradeClosedStalled() async throws {
        try await Self.rig(rules: ["price_stale.max_age_s": .integer(1), "trade_closed.stalled_s": .integer(1)]) { rig in
            // The consumer creates its group at $ on start: wait for it, or the entry predates it.
            #expect(try await eventually {
                ((try? await rig.client().command(["XINFO", "GROUPS", "quantum:stream:trade.execution.res"]))?.array?.count ?? 0) > 0
            })
            _ = try await rig.client().command(["XADD", "quantum:stream:trade.execution.res", "*", "symbol", "BTCUSDT",
                                                "action", "BUY", "status", "FILLED", "entry_price", "100", "quantity", "1"])
            #expect(try await eventually { rig.received.contains("PriceStale:firing") })
            #expect(try await eventually { rig.received.contains("TradeClosedStalled:firing") })
            // A fresh price resolves PriceStale; a close on trade.closed resolves TradeClosedStalled.
            _ = try await rig.client().command(["XADD", "quantum:stream:price.update", "*", "symbol", "BTCUSDT", "price", "100.5"])
            _ = try await rig.client().command(["XADD", "quantum:stream:trade.closed", "*", "symbol", "ETHUSDT"])
            #expect(try await eventually { rig.received.contains("PriceStale:resolved") })
            #expect(try await eventually { rig.received.contains("TradeClosedStalled:resolved") })
        }
    }

    @Test
    func growingLagFiresConsumerLag() async throws {
        try await Self.rig(rules: ["consumer_lag.groups": .string("trade.intent/execution_group"), "consumer_lag.interval_s": .integer(1),
                                   "consumer_lag.window_samples": .integer(3), "consumer_lag.threshold": .integer(10),
                                   "consumer_stalled.idle_s": .integer(3600)]) { rig in
            let redis = try rig.client()
            _ = try await redis.command(["XGROUP", "CREATE", "quantum:stream:trade.intent", "execution_group", "$", "MKSTREAM"])
            for round in 0..<6 {
                // The consumer reads and acknowledges a little each round; producers add more: lag over 10 and rising.
                for i in 0..<20 { _ = try await redis.command(["XADD", "quantum:stream:trade.intent", "*", "n", "\(round)-\(i)"]) }
                let read = try await redis.command(["XREADGROUP", "GROUP", "execution_group", "exec-1", "COUNT", "5", "STREAMS",
                                                    "quantum:stream:trade.intent", ">"])
                let ids = (read.array?.first?.array?[1].array ?? []).compactMap { $0.array?.first?.string }
                _ = try await redis.command(["XACK", "quantum:stream:trade.intent", "execution_group"] + ids)
                try await Task.sleep(for: .seconds(1))
            }
            let fired = try await eventually(timeout: .seconds(5)) { rig.received.contains("ConsumerLag:firing") }
            let states = await rig.app.supervisors.states
            #expect(fired, "received \(rig.received); supervisors \(states)")
            #expect(!rig.received.contains("ConsumerStalled:firing"), "advancing, not stalled: \(rig.received)")
        }
    }

    @Test
    func unreachableExchangeAndClockDriftFire() async throws {
        try await Self.rig(rules: ["exchange_unreachable.for_s": .integer(0)]) { rig in
            #expect(try await eventually { rig.received.contains("ExchangeUnreachable:firing") })
        }
        // An exchange whose clock is 5 s ahead.
        let skewed = try TestHTTPServer { _ in
            var ts = timespec()
            clock_gettime(CLOCK_REALTIME, &ts)
            return .init(text: #"{"serverTime":\#(Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000 + 5_000)}"#)
        }
        try await Self.rig(rules: ["clock_drift.for_s": .integer(0)], exchange: skewed.url("")) { rig in
            #expect(try await eventually { rig.received.contains("ClockDrift:firing") })
            #expect(!rig.received.contains("ExchangeUnreachable:firing"))
        }
    }
}
