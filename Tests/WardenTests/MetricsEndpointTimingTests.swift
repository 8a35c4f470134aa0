import Foundation
import HTTP
import Redis
import Testing
import WardenTestSupport

/// `warden run` as a process against a private redis-server and a dead exchange: its `/metrics`
/// page carries the required families with live values, and `promtool check metrics` accepts it.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct MetricsEndpointTimingTests {
    struct Page {
        let text: String

        func value(_ series: String) -> Double? {
            text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.dropFirst(series.count + 1)) }
        }
    }

    static let lagSeries =
        #"warden_consumer_lag_entries{stream="quantum:stream:trade.execution.res",group="exit_monitor_group"}"#

    @Test
    func liveMetricsPageHasTheRequiredFamiliesAndPassesPromtool() async throws {
        let redis = try await RedisServer.start()
        defer { Task { await redis.stop() } }
        let fixture = try RunConfigFixture(redisURL: redis.url, name: "metrics")
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        let (config, healthPort) = (fixture.config, fixture.healthPort)
        let client = try RedisClient(url: redis.url)
        func send(_ args: [String]) async throws {
            _ = try await client.command(args)
        }
        // Both watched groups exist before the supervisor's first sample (groups are sampled once a minute).
        try await send(["XGROUP", "CREATE", "quantum:stream:trade.execution.res", "exit_monitor_group", "$", "MKSTREAM"])
        try await send(["XGROUP", "CREATE", "quantum:stream:trade.intent", "execution_group", "$", "MKSTREAM"])
        let warden = try WardenProcess.start(["run", "--config", config.path])
        let http = HTTPClient(label: "metrics-test")
        func scrape() async -> Page? {
            guard let r = try? await http.send(HTTPRequest(method: .get, url: "http://127.0.0.1:\(healthPort)/metrics",
                                                           totalTimeout: .seconds(2))), r.status == 200 else { return nil }
            #expect(r.header("content-type")?.hasPrefix("text/plain; version=0.0.4") == true)
            return Page(text: r.text)
        }
        func waitFor(_ what: String, _ condition: (Page) -> Bool) async throws -> Page {
            let deadline = ContinuousClock.now + .seconds(20)
            var last: Page?
            while ContinuousClock.now < deadline {
                last = await scrape()
                if let last, condition(last) { return last }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("no \(what) on /metrics within 20 s; last page:\n\(last?.text ?? "none")\noutput:\n\(warden.output)")
            throw CancellationError()
        }
        _ = try await waitFor("first scrape") { $0.value("warden_exit_tracked_positions") == 0 }
        // A fill, a fill the decoder must reject, then a price through take-profit.
        try await send(["XADD", "quantum:stream:trade.execution.res", "*", "symbol", "BTCUSDT", "action", "BUY",
                      "status", "FILLED", "entry_price", "100", "quantity", "1"])
        try await send(["XADD", "quantum:stream:trade.execution.res", "*", "symbol", "ETHUSDT", "action", "BUY",
                      "status", "FILLED", "entry_price", "0.0", "quantity", "1"])
        _ = try await waitFor("tracked position") { $0.value("warden_exit_tracked_positions") == 1 }
        try await send(["XADD", "quantum:stream:price.update", "*", "symbol", "BTCUSDT", "price", "103"])
        let page = try await waitFor("take-profit intent and exchange latency") {
            $0.value(#"warden_exit_intents_total{reason="tp_hit"}"#) == 1
                && ($0.value(#"warden_exchange_request_duration_seconds_count{endpoint="/fapi/v1/premiumIndex"}"#) ?? 0) >= 1
                && $0.value(Self.lagSeries) != nil
        }
        #expect(page.value(#"warden_consumer_pending_entries{stream="quantum:stream:trade.intent",group="execution_group"}"#) == 0)
        #expect(page.value(#"warden_decode_rejects_total{reason="bad_price"}"#) == 1)
        #expect((page.value(#"warden_redis_request_duration_seconds_count{command="XREADGROUP"}"#) ?? 0) >= 1)
        #expect((page.value(#"warden_redis_request_duration_seconds_count{command="PIPELINE"}"#) ?? 0) >= 1)
        #expect(page.value(#"warden_loop_progress_deadline_seconds{loop="exit-check"}"#) == 10)
        #expect(page.value(#"warden_loop_progress_age_seconds{loop="execution-consumer"}"#) != nil)
        #expect(page.value(#"warden_alerts_firing{alert="ConsumerLag"}"#) == 0)
        #expect(page.value(#"warden_supervisor_state{alert="RedisUnreachable",state="ok"}"#) == 1)
        #expect(page.value("warden_emergency_closes_total") == 0)
        #expect(page.value(#"warden_health_status{status="unhealthy"}"#) == 0)
        #expect(page.value("warden_process_start_time_seconds").map { $0 > 1_700_000_000 } == true)
        #expect(!page.text.contains("BTCUSDT"), "symbols from the stream never become label values")

        if let promtool = Promtool.executable {
            let r = try await Promtool.run(promtool, ["check", "metrics"], input: Array(page.text.utf8))
            #expect(r.status == 0 && r.output.isEmpty, "promtool check metrics (exit \(r.status)):\n\(r.output)\npage:\n\(page.text)")
        } else {
            print("SKIPPED promtool check metrics: no promtool on PATH (make test fetches one and requires it)")
        }
        #expect(await warden.stop(signal: SIGTERM, timeout: .seconds(20)) == 0, "output:\n\(warden.output)")
    }

    @Test
    func promtoolIsThereWhenMakeTestRequiresIt() async throws {
        guard let required = Promtool.required else { return }
        #expect(FileManager.default.isExecutableFile(atPath: required), "WARDEN_PROMTOOL=\(required) is not an executable")
        let r = try await Promtool.run(required, ["--version"], input: [])
        #expect(r.status == 0, "\(required) --version: \(r.output)")
    }
}
