import Binance
import Redis
import Synchronization
import Testing
import WardenCore
import WardenServices
import WardenTestSupport

/// The exchange bootstrap against a local HTTP server serving recorded Binance answer shapes.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct BootstrapTimingTests {
    /// What the fake exchange reports as open; changed by the test between cycles.
    final class Exchange: Sendable {
        final class Box: Sendable { let items = Mutex<[String]>([]) }
        let positions = Box()
        let server: TestHTTPServer

        init() throws {
            let positions = self.positions
            server = try TestHTTPServer { req in
                if req.path.hasPrefix("/fapi/v1/positionSide/dual") { return .init(text: #"{"dualSidePosition":false}"#) }
                if req.path.hasPrefix("/fapi/v2/positionRisk") {
                    guard req.header("X-MBX-APIKEY") == "k", req.path.contains("&signature=") else {
                        return .init(status: 401, text: #"{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}"#)
                    }
                    return .init(text: "[" + positions.items.withLock { $0 }.joined(separator: ",") + "]")
                }
                return .init(status: 404, text: "")
            }
        }

        func set(_ items: [String]) { positions.items.withLock { $0 = items } }

        static func item(_ symbol: String, amount: String, entry: String, leverage: String = "10") -> String {
            #"{"symbol":"\#(symbol)","positionAmt":"\#(amount)","entryPrice":"\#(entry)","leverage":"\#(leverage)","positionSide":"BOTH","markPrice":"\#(entry)"}"#
        }

        var client: BinanceClient {
            BinanceClient(configuration: .init(baseURL: server.url(""), apiKey: Secret("k", source: "t"),
                                               apiSecret: Secret("s", source: "t"), timeout: .seconds(2)))
        }
    }

    func bootstrap(_ f: ExitMonitorFixture, _ exchange: Exchange, monitor: ExitMonitor? = nil) throws -> PositionBootstrap {
        PositionBootstrap(interval: .milliseconds(200), exchange: exchange.client, loop: try f.loop("bootstrap", monitor: monitor))
    }

    @Test
    func repeatedBootstrapMergesWithoutLosingLevelsAndSurvivesARestart() async throws {
        let f = try await ExitMonitorFixture.start()
        defer { Task { await f.server.stop() } }
        let exchange = try Exchange()
        exchange.set([Exchange.item("BTCUSDT", amount: "0.5", entry: "100")])
        let key = PositionKey(symbol: "BTCUSDT")
        try await running([try f.consumer(), try bootstrap(f, exchange)]) {
            try await Task.sleep(for: .milliseconds(300))
            try await f.addResult(ExitMonitorFixture.fill("BTCUSDT", price: "100", qty: "0.5",
                                                         extra: [("take_profit", "130"), ("stop_loss", "90")]))
            #expect(try await eventually { await f.monitor.book.position(key)?.takeProfit == 130 })
            // The exchange now says the quantity and entry changed (an add-on fill); ten more cycles.
            exchange.set([Exchange.item("BTCUSDT", amount: "0.8", entry: "101", leverage: "20")])
            try await Task.sleep(for: .seconds(2))
        }
        let p = try #require(await f.monitor.book.position(key))
        #expect(p.quantity == 0.8 && p.entryPrice == 101 && p.leverage == 20, "exchange is the truth for these")
        #expect(p.takeProfit == 130 && p.stopLoss == 90 && p.openingOrderID == "o-BTCUSDT", "Warden keeps its own levels")

        // A restart: a fresh monitor restores the saved metadata from Redis, then merges the exchange.
        let restarted = ExitMonitor(policy: ExitPolicy(), confirmTimeout: .seconds(20), maxPriceAge: .seconds(10))
        try await running([try bootstrap(f, exchange, monitor: restarted)]) {
            #expect(try await eventually { await restarted.book.position(key) != nil })
            try await Task.sleep(for: .milliseconds(500))
        }
        let q = try #require(await restarted.book.position(key))
        #expect(q.takeProfit == 130 && q.stopLoss == 90 && q.openingOrderID == "o-BTCUSDT" && q.quantity == 0.8)
    }

    @Test
    func positionFlatOnTheExchangeLeavesTheBookOnceWithOneLogLine() async throws {
        let f = try await ExitMonitorFixture.start()
        defer { Task { await f.server.stop() } }
        let exchange = try Exchange()
        exchange.set([Exchange.item("ETHUSDT", amount: "-2", entry: "3000")])
        try await running([try bootstrap(f, exchange)]) {
            #expect(try await eventually { await f.monitor.book.count == 1 })
            // Let the position age past the snapshot grace, then close it on the exchange.
            try await Task.sleep(for: .seconds(1))
            exchange.set([])
            #expect(try await eventually { await f.monitor.book.count == 0 })
            try await Task.sleep(for: .seconds(2))  // ten more bootstrap cycles with nothing open
        }
        #expect(f.events("POSITION_CLOSED").count == 1, "EXIT_ALREADY_CLOSED every 5 s was the production bug")
        #expect(try await f.client().command(["HLEN", BookActionWriter.positionsKey]).int == 0)
    }
}
