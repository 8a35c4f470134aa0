import Binance
import InMemoryLogging
import Synchronization
import Testing
import WardenCore
@testable import WardenServices
import WardenTestSupport

/// The mark-price poll against a local HTTP server standing in for Binance: every second while
/// the exchange answers, every 5 s while it fails, and back to every second once it answers again.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct MarkPricePollTimingTests {
    @Test
    func aFailingExchangeIsAskedEveryFiveSecondsThenEverySecondAgain() async throws {
        let f = try await ExitMonitorFixture.start()
        defer { Task { await f.server.stop() } }
        let up = Mutex(false)
        let exchange = try TestHTTPServer { request in
            guard up.withLock({ $0 }) else { return .init(status: 503, text: "Service Unavailable") }
            return .init(text: #"[{"symbol":"BTCUSDT","markPrice":"100.5","time":1}]"#)
        }
        defer { exchange.stop() }
        let client = BinanceClient(configuration: .init(baseURL: exchange.url(""), apiKey: nil, apiSecret: nil, timeout: .seconds(2)))
        // A held position, so the poll has a reason to ask.
        _ = await f.monitor.apply([.opened(Fill(symbol: "BTCUSDT", side: .long, entryPrice: 100, quantity: 1))],
                                  now: WallTime(milliseconds: 1))
        let poller = MarkPricePoller(interval: .seconds(1), exchange: client, loop: try f.loop("mark-price-poll"))
        let times: @Sendable () -> Int = { exchange.requests.filter { $0.path.hasPrefix("/fapi/v1/premiumIndex") }.count }
        try await running([poller]) {
            try await Task.sleep(for: .milliseconds(10_500))
            let whileDown = times()
            // Up to 10.5 s of failures: the first call, then one every 5 s (2 or 3 more).
            #expect((2...4).contains(whileDown), "\(whileDown) calls in 10.5 s while the exchange failed")
            up.withLock { $0 = true }
            #expect(try await eventually(timeout: .seconds(7)) { times() > whileDown }, "asked again within 5 s")
            let afterRecovery = times()
            try await Task.sleep(for: .milliseconds(3_500))
            #expect(times() - afterRecovery >= 3, "every second once it answers: \(times() - afterRecovery) in 3.5 s")
        }
        #expect(f.logs.entries.filter { "\($0.message)".contains("retrying every 5 s") }.count == 1)
    }
}
