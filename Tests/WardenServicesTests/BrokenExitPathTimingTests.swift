import Foundation
import Logging
import PaperExchange
import Redis
import Testing
import WardenCore
import WardenServices
import WardenTestSupport

/// The whole story in-process: a position on the paper exchange, its price crosses take-profit,
/// the close intent is never consumed (no execution service), Warden re-sends once, declares the
/// exit path broken and closes the position itself — exactly one reduce-only MARKET order.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct BrokenExitPathTimingTests {
    @Test
    func unconsumedIntentEscalatesToExactlyOneEmergencyClose() async throws {
        try await FailsafeFixture.with { f in
            try await f.admin("/admin/positions", #"{"symbol":"BTCUSDT","amount":"0.015","entryPrice":"65000"}"#)
            try await f.admin("/admin/mark-prices", #"{"symbol":"BTCUSDT","price":"65000"}"#)
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("warden-e2e-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: state) }
            let config = try WardenConfig.resolve([
                "redis.url": .string(f.redisServer.url), "binance.base_url": .string(f.baseURL),
                "health.listen": .string("127.0.0.1:0"), "state.dir": .string(state), "emergency.mode": .string("armed"),
                "exit.confirm_timeout_s": .integer(1), "exit.price_poll_interval_s": .number(0.2), "alerts.interval_s": .number(0.2),
            ], secrets: Secrets(binanceAPIKey: Secret(PaperExchange.defaultAPIKey, source: "test"),
                                binanceAPISecret: Secret(PaperExchange.defaultSecret, source: "test"))).get()
            let rules = try SupervisionRules.resolve(["stale_stream.streams": .string(""), "consumer_lag.groups": .string("")]).get()
            let app = WardenApp(config: config, rules: rules, consumerName: "w-e2e", logger: Logger(label: "e2e") { _ in f.logs })
            try await running(app.services()) {
                // The bootstrap adopts the exchange's position.
                #expect(try await eventually { await app.monitor.book.count == 1 })
                try await f.admin("/admin/mark-prices", #"{"symbol":"BTCUSDT","price":"67000"}"#)  // past +2.5 %
                #expect(try await eventually(timeout: .seconds(20)) { f.amount("BTCUSDT") == "0" })
                try await Task.sleep(for: .seconds(1))
                #expect(try await eventually { await app.supervisors.states["EmergencyClose"] == "firing" })
            }
            #expect(f.orders.count == 1, "exactly one emergency order")
            let o = try #require(f.orders.first)
            #expect(o.type == .market && o.side == .sell && o.reduceOnly && o.quantity.description == "0.015")
            let intents = try await f.redis().command(["XLEN", config.streams.tradeIntent]).int
            #expect(intents == 2, "the close intent and its one re-send, then the failsafe")
        }
    }
}
