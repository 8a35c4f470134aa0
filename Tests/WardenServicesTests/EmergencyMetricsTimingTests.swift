import Binance
import Logging
import PaperExchange
import Redis
import Testing
import WardenCore
import WardenServices
import WardenTestSupport

/// The failsafe as `/metrics` shows it: a real emergency close at the paper exchange counts once,
/// and its exchange and Redis calls land in the latency histograms.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct EmergencyMetricsTimingTests {
    @Test
    func emergencyCloseIsCountedAndItsCallsTimed() async throws {
        try await FailsafeFixture.with { f in
            try await f.admin("/admin/positions", #"{"symbol":"BTCUSDT","amount":"0.015","entryPrice":"64000"}"#)
            let metrics = WardenMetrics()
            let binance = BinanceClient(
                configuration: .init(baseURL: f.baseURL, apiKey: Secret(PaperExchange.defaultAPIKey, source: "test"),
                                     apiSecret: Secret(PaperExchange.defaultSecret, source: "test"), timeout: .seconds(2)),
                onRequest: metrics.exchangeObserver)
            let redis = RedisClient(endpoint: try RedisEndpoint(url: f.redisServer.url), onRequest: metrics.redisObserver)
            let closer = EmergencyCloser(settings: .init(mode: .armed, queryPause: .milliseconds(100)), binance: binance,
                                         redis: redis, logger: Logger(label: "failsafe-test") { _ in SwiftLogNoOpLogHandler() })
            let monitor = ExitMonitor(policy: ExitPolicy(), confirmTimeout: .seconds(30), maxPriceAge: .seconds(30))
            func page() async -> MetricsPage {
                MetricsPage(metrics.page(await MetricsSnapshot.gather(monitor: monitor, progress: ProgressBoard(),
                                                                      readiness: Readiness(), closer: closer)))
            }
            #expect(await page().value("warden_emergency_closes_total") == 0)

            await closer.escalate(PositionKey(symbol: "BTCUSDT"), why: "exit path broken: tp_hit not confirmed")
            #expect(f.orders.count == 1)
            let p = await page()
            #expect(p.value("warden_emergency_closes_total") == 1)
            #expect(p.value("warden_emergency_open_incidents") == 0)
            #expect((p.value(#"warden_exchange_request_duration_seconds_count{endpoint="/fapi/v1/order"}"#) ?? 0) >= 1)
            #expect((p.value(#"warden_exchange_request_duration_seconds_count{endpoint="/fapi/v2/positionRisk"}"#) ?? 0) >= 1)
            #expect((p.value(#"warden_redis_request_duration_seconds_count{command="EXISTS"}"#) ?? 0) >= 1)
            #expect(!p.text.contains("BTCUSDT"))
        }
    }
}
