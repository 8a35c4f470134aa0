import Binance
import Redis
import Testing
import WardenCore
import WardenServices
import WardenTestSupport

/// `/metrics` through the app's own Prometheus registry: counters mirrored from state, gauges set
/// at scrape time, latency histograms fed by the adapters' hooks, label values from fixed sets.
@Suite(.timeLimit(.minutes(1)))
struct WardenMetricsTests {
    static let t0 = WallTime(milliseconds: 1_800_000_000_000)

    func scrape(_ metrics: WardenMetrics, _ monitor: ExitMonitor, _ progress: ProgressBoard = ProgressBoard()) async -> MetricsPage {
        MetricsPage(metrics.page(await MetricsSnapshot.gather(monitor: monitor, progress: progress, readiness: Readiness())))
    }

    func open(_ monitor: ExitMonitor, _ symbol: String) async {
        _ = await monitor.apply([.opened(Fill(symbol: symbol, side: .long, entryPrice: 100, quantity: 1))], now: Self.t0)
    }

    @Test
    func exitIntentCounterCountsEachTakeProfitOnce() async {
        let metrics = WardenMetrics()
        let monitor = ExitMonitor(policy: ExitPolicy(takeProfitPct: 2.5, stopLossPct: 1.5), confirmTimeout: .seconds(30),
                                  maxPriceAge: .seconds(30))
        await open(monitor, "BTCUSDT")
        await open(monitor, "ETHUSDT")
        var page = await scrape(metrics, monitor)
        #expect(page.value(#"warden_exit_intents_total{reason="tp_hit"}"#) == 0)
        #expect(page.value("warden_exit_tracked_positions") == 2)
        #expect(page.value("warden_exit_entries_applied_total") == 2)

        let actions = await monitor.prices([PriceUpdate(symbol: "BTCUSDT", price: 103, time: Self.t0)], now: Self.t0)
        #expect(actions.contains { if case .sendIntent(let i) = $0 { i.reason == .takeProfit } else { false } })
        page = await scrape(metrics, monitor)
        #expect(page.value(#"warden_exit_intents_total{reason="tp_hit"}"#) == 1)
        #expect(page.value(#"warden_exit_intents_total{reason="sl_hit"}"#) == 0)
        // A second scrape with nothing new does not count it again.
        page = await scrape(metrics, monitor)
        #expect(page.value(#"warden_exit_intents_total{reason="tp_hit"}"#) == 1)

        _ = await monitor.prices([PriceUpdate(symbol: "ETHUSDT", price: 98, time: Self.t0)], now: Self.t0)
        page = await scrape(metrics, monitor)
        #expect(page.value(#"warden_exit_intents_total{reason="tp_hit"}"#) == 1)
        #expect(page.value(#"warden_exit_intents_total{reason="sl_hit"}"#) == 1)
    }

    @Test
    func decodeRejectsAreCountedByReason() async {
        let metrics = WardenMetrics()
        let monitor = ExitMonitor(policy: ExitPolicy(), confirmTimeout: .seconds(30), maxPriceAge: .seconds(30))
        await monitor.countRejects([DecodeRejection(.badPrice, "entry_price=0.0"), DecodeRejection(.badPrice, "x"),
                                    DecodeRejection(.malformedJSON, "y")])
        let page = await scrape(metrics, monitor)
        #expect(page.value(#"warden_decode_rejects_total{reason="bad_price"}"#) == 2)
        #expect(page.value(#"warden_decode_rejects_total{reason="malformed_json"}"#) == 1)
        #expect(page.value(#"warden_decode_rejects_total{reason="missing_symbol"}"#) == 0)
    }

    @Test
    func loopProgressAgeAndDeadlineAreExported() async throws {
        let metrics = WardenMetrics()
        let monitor = ExitMonitor(policy: ExitPolicy(), confirmTimeout: .seconds(30), maxPriceAge: .seconds(30))
        let progress = ProgressBoard()
        let loop = progress.loop("exit-check", deadline: .seconds(10))
        try await Task.sleep(for: .milliseconds(50))
        var page = await scrape(metrics, monitor, progress)
        let age = try #require(page.value(#"warden_loop_progress_age_seconds{loop="exit-check"}"#))
        // An upper bound that only catches a wrong origin (an age since the epoch, say): this
        // runs in the parallel pass, where a busy machine once took 8 s to get here.
        #expect(age >= 0.05 && age < 120)
        #expect(page.value(#"warden_loop_progress_deadline_seconds{loop="exit-check"}"#) == 10)
        #expect(page.value(#"warden_loop_dependency_down{loop="exit-check"}"#) == 0)
        loop.report(.dependencyDown)
        page = await scrape(metrics, monitor, progress)
        #expect(page.value(#"warden_loop_dependency_down{loop="exit-check"}"#) == 1)
        #expect(try #require(page.value(#"warden_loop_progress_age_seconds{loop="exit-check"}"#)) < age)
    }
}
