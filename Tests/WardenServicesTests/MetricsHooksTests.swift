import Binance
import Redis
import Testing
import WardenCore
import WardenServices
import WardenTestSupport

/// The latency histograms: real Redis and HTTP calls through the adapters' `onRequest` hooks.
@Suite(.timeLimit(.minutes(1)))
struct MetricsHooksTests {
    @Test
    func redisHistogramObservesEveryCallByCommand() async throws {
        let server = try await RedisServer.start()
        defer { Task { await server.stop() } }
        let metrics = WardenMetrics()
        let redis = RedisClient(endpoint: try RedisEndpoint(url: server.url), onRequest: metrics.redisObserver)
        var page = MetricsPage(metrics.page(MetricsSnapshot()))
        #expect(!page.has("warden_redis_request_duration_seconds_count"))

        _ = try await redis.command(["XADD", "s", "*", "k", "v"])
        _ = try await redis.command(["xadd", "s", "*", "k", "v"])
        _ = try await redis.pipeline([["PING"], ["XLEN", "s"]])
        // A server error is still a round trip; a command outside the known set is counted as `other`.
        await #expect(throws: Redis.Error.self) { try await redis.command(["NOSUCHCOMMAND", "BTCUSDT"]) }
        page = MetricsPage(metrics.page(MetricsSnapshot()))
        #expect(page.value(#"warden_redis_request_duration_seconds_count{command="XADD"}"#) == 2)
        #expect(page.value(#"warden_redis_request_duration_seconds_count{command="PIPELINE"}"#) == 1)
        #expect(page.value(#"warden_redis_request_duration_seconds_count{command="other"}"#) == 1)
        #expect(page.value(#"warden_redis_request_duration_seconds_bucket{command="XADD",le="+Inf"}"#) == 2)
        #expect(page.value(#"warden_redis_request_duration_seconds_bucket{command="XADD",le="2.5"}"#) == 2)
        #expect(try #require(page.value(#"warden_redis_request_duration_seconds_sum{command="XADD"}"#)) > 0)
        #expect(!page.text.contains("NOSUCHCOMMAND"))
        #expect(!page.text.contains("BTCUSDT"))
    }

    @Test
    func exchangeHistogramObservesRequestsByEndpointFailuresIncluded() async throws {
        let http = try TestHTTPServer { request in
            request.path.hasPrefix("/fapi/v1/time") ? .init(text: #"{"serverTime":1800000000000}"#) : .init(status: 404, text: "{}")
        }
        defer { http.stop() }
        let metrics = WardenMetrics()
        let binance = BinanceClient(configuration: .init(baseURL: http.url(""), apiKey: nil, apiSecret: nil,
                                                         timeout: .seconds(2)),
                                    onRequest: metrics.exchangeObserver)
        try await binance.syncTime()
        _ = try? await binance.markPrices()
        let dead = BinanceClient(configuration: .init(baseURL: "http://127.0.0.1:\(try TestHTTPServer.unusedPort())",
                                                      apiKey: nil, apiSecret: nil, timeout: .seconds(2)),
                                 onRequest: metrics.exchangeObserver)
        _ = try? await dead.syncTime()
        let page = MetricsPage(metrics.page(MetricsSnapshot()))
        #expect(page.value(#"warden_exchange_request_duration_seconds_count{endpoint="/fapi/v1/time"}"#) == 2)
        #expect(page.value(#"warden_exchange_request_duration_seconds_count{endpoint="/fapi/v1/premiumIndex"}"#) == 1)
        #expect(page.value(#"warden_exchange_request_duration_seconds_bucket{endpoint="/fapi/v1/time",le="0.0005"}"#) != nil)
    }
}
