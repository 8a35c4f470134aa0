import Foundation
import Testing
import WardenCore

struct SupervisionRulesTests {
    @Test
    func defaultsAreTheStatedThresholds() {
        let r = SupervisionRules.defaults
        #expect(r == SupervisionRules())
        #expect(r.repeatedErrors == .init(threshold: 20, window: .seconds(300), quiet: .seconds(300), maxSignatures: 500, severity: .critical))
        #expect(r.consumerGroupList == [ConsumerGroupID(stream: "trade.intent", group: "execution_group"),
                                        ConsumerGroupID(stream: "trade.execution.res", group: "exit_monitor_group")])
        #expect(r.consumerGroup == .init(lagThreshold: 1000, windowSamples: 10, idleLimit: .seconds(300), lagSeverity: .warning, stalledSeverity: .critical))
        #expect(r.consumerSampleInterval == .seconds(60))
        #expect(r.staleStreamList == ["exitbrain.pnl"] && r.staleStream.maxAge == .seconds(600))
        #expect(r.tradeClosed.stalledAfter == .seconds(900))
        #expect(r.units.isEmpty && r.restartStorm.maxRestarts == 3 && r.restartStorm.window == .seconds(600))
        #expect(r.safeMode.stuckAfter == .seconds(900))
        #expect(r.clockDrift.maxDrift == .milliseconds(1000))
        #expect(r.priceStale.maxAge == .seconds(30))
        #expect(r.holdFor[.redisUnreachable] == .seconds(30) && r.holdFor[.exchangeUnreachable] == .seconds(60))
        #expect(Set(r.holdFor.keys) == Set(SupervisionRules.sectionOfAlert.keys))
    }

    /// Every supervised alert has a `for_s` and a `severity` key in its section.
    @Test(arguments: SupervisionRules.sectionOfAlert.sorted { $0.key < $1.key })
    func everyAlertHasAHoldAndASeverityKey(name: AlertName, section: String) {
        #expect(SupervisionRules.schemaByPath["\(section).for_s"]?.kind == .integer)
        #expect(SupervisionRules.schemaByPath["\(section).severity"]?.kind == .string)
    }

    @Test
    func valuesAreGivenMeaning() throws {
        let r = try SupervisionRules.resolve([
            "repeated_errors.threshold": .integer(5),
            "consumer_lag.groups": .string(" trade.intent/execution_group , quantum:stream:trade.execution.res/exit_monitor_group,"),
            "stale_stream.streams": .string("exitbrain.pnl,quantum:stream:ai.signals"),
            "restart_storm.units": .string("trading-exec.service, trading-router.service"),
            "clock_drift.max_ms": .integer(250),
            "safe_mode.severity": .string("warning"),
            "price_stale.for_s": .integer(15),
        ]).get()
        #expect(r.repeatedErrors.threshold == 5)
        #expect(r.consumerGroups(prefix: "quantum:stream:").map(\.subject)
            == ["quantum:stream:trade.intent/execution_group", "quantum:stream:trade.execution.res/exit_monitor_group"])
        #expect(r.staleStreams(prefix: "quantum:stream:") == ["quantum:stream:exitbrain.pnl", "quantum:stream:ai.signals"])
        #expect(r.units == ["trading-exec.service", "trading-router.service"])
        #expect(r.clockDrift.maxDrift == .milliseconds(250))
        #expect(r.safeMode.severity == .warning)
        #expect(r.holdFor[.priceStale] == .seconds(15))
    }

    /// Each bad value yields exactly one problem, naming its key.
    @Test(arguments: [
        ("repeated_errors.threshold", ConfigValue.integer(1)),
        ("repeated_errors.window_s", .integer(0)),
        ("repeated_errors.quiet_s", .integer(100_000)),
        ("repeated_errors.max_signatures", .integer(5)),
        ("repeated_errors.severity", .string("page")),
        ("consumer_lag.groups", .string("trade.intent")),
        ("consumer_lag.groups", .string("a/g, a/g")),
        ("consumer_lag.groups", .string("a b/g")),
        ("consumer_lag.threshold", .integer(-1)),
        ("consumer_lag.threshold", .number(1.5)),
        ("consumer_lag.window_samples", .integer(1)),
        ("consumer_lag.interval_s", .integer(0)),
        ("consumer_stalled.idle_s", .integer(0)),
        ("consumer_stalled.for_s", .integer(-5)),
        ("stale_stream.streams", .string("has space")),
        ("stale_stream.max_age_s", .integer(0)),
        ("trade_closed.stalled_s", .integer(0)),
        ("restart_storm.units", .string("no-suffix")),
        ("restart_storm.max_restarts", .integer(-1)),
        ("restart_storm.window_s", .integer(5)),
        ("safe_mode.stuck_s", .integer(86_401)),
        ("redis_unreachable.for_s", .integer(86_401)),
        ("exchange_unreachable.severity", .string("CRITICAL")),
        ("clock_drift.max_ms", .integer(5)),
        ("price_stale.max_age_s", .integer(0)),
        ("price_stale.for_s", .string("10")),
        ("price_stale.max_age", .integer(30)),
    ])
    func badValueIsOneProblemNamingItsKey(key: String, value: ConfigValue) {
        switch SupervisionRules.resolve([key: value]) {
        case .success:
            Issue.record("\(key) = \(value) was accepted")
        case .failure(let problems):
            #expect(problems.problems.count == 1)
            #expect(problems.problems.first?.key == key)
        }
    }

    @Test
    func problemsNeverQuoteTheValue() {
        guard case .failure(let p) = SupervisionRules.resolve(["consumer_lag.groups": .string("s3cr3t-token")]) else {
            Issue.record("accepted"); return
        }
        #expect(!p.problems.map(\.description).joined().contains("s3cr3t"))
        #expect(p.problems.map(\.description) == ["consumer_lag.groups: item 1 must be stream/group"])
    }

    @Test
    func schemaKeysAreDocumentedAndTheirDefaultsResolve() throws {
        #expect(SupervisionRules.schema.count == SupervisionRules.schemaByPath.count)
        #expect(SupervisionRules.schema.allSatisfy { !$0.summary.isEmpty })
        #expect(SupervisionRules.sections.count == 11)
        let allDefaults = Dictionary(uniqueKeysWithValues: SupervisionRules.schema.map { ($0.path, $0.defaultValue) })
        #expect(try SupervisionRules.resolve(allDefaults).get() == SupervisionRules.defaults)
    }

    /// `alerts/rules.toml` ships exactly the schema's keys at their defaults, each section commented.
    @Test
    func shippedRuleFileHoldsExactlyTheDefaults() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("alerts/rules.toml"), encoding: .utf8)
        var section = ""
        var values: [String: String] = [:]
        var commented: Set<String> = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") { commented.insert(section); continue }
            if line.isEmpty { continue }
            if line.hasPrefix("["), line.hasSuffix("]") { section = String(line.dropFirst().dropLast()); continue }
            let kv = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            try #require(kv.count == 2, "not key = value: \(line)")
            values["\(section).\(kv[0])"] = kv[1]
        }
        let expected = Dictionary(uniqueKeysWithValues: SupervisionRules.schema.map { ($0.path, $0.defaultValue.tomlLiteral) })
        #expect(values == expected)
        #expect(commented.isSuperset(of: SupervisionRules.sections))
    }
}
