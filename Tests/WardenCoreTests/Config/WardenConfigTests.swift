import Testing
import WardenCore

struct WardenConfigTests {
    @Test
    func defaultsMatchDesign() {
        let c = WardenConfig.defaults
        #expect(c.redis.address == .tcp(host: "127.0.0.1", port: 6379, db: 0, password: nil))
        #expect(c.health.host == "127.0.0.1" && c.health.port == 8007)
        #expect(c.exit.takeProfitPct == 2.5)
        #expect(c.exit.stopLossPct == 1.5)
        #expect(c.exit.confirmTimeout == .seconds(20))
        #expect(c.exit.bootstrapInterval == .seconds(60))
        #expect(c.consumer.group == "exit_monitor_group")
        #expect(c.emergency.mode == .dryRun)
        #expect(c.streams.executionResults == "quantum:stream:trade.execution.res")
        #expect(c.streams.tradeIntent == "quantum:stream:trade.intent")
        #expect(c.streams.deadletter == "quantum:stream:warden.deadletter")
    }

    @Test
    func prefixResolvesEveryStreamAndKeepsAlreadyPrefixedNames() throws {
        let c = try WardenConfig.resolve(
            ["streams.prefix": .string("p:"), "streams.trade_closed": .string("p:trade.closed")], secrets: Secrets()
        ).get()
        #expect(c.streams.tradeIntent == "p:trade.intent")
        #expect(c.streams.tradeClosed == "p:trade.closed")
        #expect(c.streams.exitbrainPnl == "p:exitbrain.pnl")
    }

    /// Each bad value yields exactly one problem naming its key.
    @Test(arguments: [
        ("exit.take_profit_pct", ConfigValue.number(-1)),
        ("exit.take_profit_pct", .number(0)),
        ("exit.take_profit_pct", .number(250)),
        ("exit.stop_loss_pct", .number(.nan)),
        ("exit.stop_loss_pct", .number(75)),
        ("exit.trailing_stop_pct", .number(-0.5)),
        ("exit.confirm_timeout_s", .integer(0)),
        ("redis.url", .string("http://localhost:6379")),
        ("redis.url", .string("redis://localhost:99999/0")),
        ("redis.url", .string("redis://localhost:6379/abc")),
        ("redis.url", .string("unix://relative.sock")),
        ("binance.base_url", .string("ftp://fapi.binance.com")),
        ("binance.base_url", .string("https://")),
        ("binance.recv_window_ms", .integer(70_000)),
        ("health.listen", .string("8007")),
        ("emergency.mode", .string("yolo")),
        ("consumer.batch_size", .integer(5000)),
        ("consumer.block_ms", .integer(5000)),
        ("consumer.group", .string("has space")),
        ("streams.trade_intent", .string("")),
        ("state.dir", .string("relative/dir")),
        ("log.level", .string("loud")),
    ])
    func badValueIsOneProblemNamingItsKey(key: String, value: ConfigValue) {
        switch WardenConfig.resolve([key: value], secrets: Secrets()) {
        case .success:
            Issue.record("\(key) = \(value) was accepted")
        case .failure(let problems):
            #expect(problems.problems.map(\.key) == [key])
        }
    }

    @Test
    func everyProblemIsReportedNotJustTheFirst() {
        let values: [String: ConfigValue] = [
            "exit.take_profit_pct": .number(-1), "redis.url": .string("nope"), "emergency.mode": .string("x"),
        ]
        guard case .failure(let problems) = WardenConfig.resolve(values, secrets: Secrets()) else {
            Issue.record("accepted")
            return
        }
        #expect(Set(problems.problems.map(\.key)) == ["exit.take_profit_pct", "redis.url", "emergency.mode"])
    }

    @Test
    func armedNeedsBothSecrets() {
        let armed: [String: ConfigValue] = ["emergency.mode": .string("armed")]
        guard case .failure(let p) = WardenConfig.resolve(armed, secrets: Secrets()) else {
            Issue.record("armed without secrets was accepted")
            return
        }
        #expect(p.problems.map(\.key) == ["binance.api_key", "binance.api_secret"])
        let secrets = Secrets(binanceAPIKey: Secret("k", source: "t"), binanceAPISecret: Secret("s", source: "t"))
        #expect((try? WardenConfig.resolve(armed, secrets: secrets).get()) != nil)
    }

    @Test
    func integerIsAcceptedWhereANumberIsExpected() throws {
        let c = try WardenConfig.resolve(["exit.take_profit_pct": .integer(3)], secrets: Secrets()).get()
        #expect(c.exit.takeProfitPct == 3)
    }

    @Test
    func consumerNameDefaultsToHostname() throws {
        #expect(WardenConfig.defaults.consumer.resolvedName(hostname: "box1") == "warden-box1")
        let c = try WardenConfig.resolve(["consumer.name": .string("w1")], secrets: Secrets()).get()
        #expect(c.consumer.resolvedName(hostname: "box1") == "w1")
    }

    @Test
    func problemMessagesNeverQuoteTheValue() {
        let secretish = "redis://:hunter2@bad host:6379/0"
        guard case .failure(let p) = WardenConfig.resolve(["redis.url": .string(secretish)], secrets: Secrets()) else {
            Issue.record("accepted")
            return
        }
        #expect(!p.problems.map(\.description).joined().contains("hunter2"))
    }
}
