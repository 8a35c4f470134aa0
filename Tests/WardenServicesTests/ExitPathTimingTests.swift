import Glibc
import Binance
import Redis
import Synchronization
import Testing
import WardenCore
import WardenServices
import WardenTestSupport

/// Prices to close intents, re-sends, and the exchange bootstrap, against a real redis-server and
/// a real local HTTP server answering like Binance.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ExitPathTimingTests {
    func intents(_ f: ExitMonitorFixture) async throws -> [[String: String]] {
        let reply = try await f.client().command(["XRANGE", f.config.streams.tradeIntent, "-", "+"])
        return (reply.array ?? []).map { entry in
            let flat = entry.array?[1].array?.compactMap(\.string) ?? []
            return Dictionary(stride(from: 0, to: flat.count - 1, by: 2).map { (flat[$0], flat[$0 + 1]) }, uniquingKeysWith: { a, _ in a })
        }
    }

    func priceIntake(_ f: ExitMonitorFixture) throws -> PriceIntake {
        PriceIntake(stream: f.config.streams.priceUpdates, block: .milliseconds(200), loop: try f.loop("price-intake"))
    }

    @Test
    func crossingTickPublishesExactlyOneIntentInTheExecutionSchema() async throws {
        let f = try await ExitMonitorFixture.start()
        defer { Task { await f.server.stop() } }
        try await running([try f.consumer(), try priceIntake(f)]) {
            try await Task.sleep(for: .milliseconds(300))
            try await f.addResult(ExitMonitorFixture.fill("BTCUSDT", price: "100", qty: "2", extra: [("leverage", "5")]))
            #expect(try await eventually { await f.monitor.book.count == 1 })
            for price in ["101", "102", "102.5", "103", "104", "90"] {  // 102.5 is exactly take-profit
                try await f.addResult([("symbol", "BTCUSDT"), ("price", price)], stream: f.config.streams.priceUpdates)
            }
            #expect(try await eventually { try await intents(f).count == 1 })
            try await Task.sleep(for: .milliseconds(300))
        }
        let all = try await intents(f)
        #expect(all.count == 1, "one intent per trigger, nothing repeated while unconfirmed")
        let i = try #require(all.first)
        #expect(i["action"] == "SELL" && i["side"] == nil)
        #expect(i["exit_reason"] == "tp_hit" && i["entry_price"] == "102.5" && i["quantity"] == "2")
        #expect(i["reduce_only"] == "true" && i["order_id"] == "o-BTCUSDT" && i["leverage"] == "5")
        #expect(i["source"] == "exit_monitor" && i["model"] == "exit_monitor" && i["intent_id"]?.isEmpty == false)
        #expect(try await f.streamLength(f.config.streams.audit) == 1)
        #expect(f.events("EXIT_SENT").count == 1)
    }

    @Test
    func unconfirmedIntentIsResentOnceThenTheExitPathIsBroken() async throws {
        let f = try await ExitMonitorFixture.start(["exit.confirm_timeout_s": .integer(1)])
        defer { Task { await f.server.stop() } }
        let check = ExitCheck(interval: .milliseconds(100), loop: try f.loop("exit-check"))
        try await running([try f.consumer(), try priceIntake(f), check]) {
            try await Task.sleep(for: .milliseconds(300))
            try await f.addResult(ExitMonitorFixture.fill("ETHUSDT", "SELL", price: "200"))
            #expect(try await eventually { await f.monitor.book.count == 1 })
            try await f.addResult([("symbol", "ETHUSDT"), ("price", "210")], stream: f.config.streams.priceUpdates)
            #expect(try await eventually { try await intents(f).count == 2 })
            #expect(try await eventually { f.events("EXIT_PATH_BROKEN").count == 1 })
            try await Task.sleep(for: .seconds(1.5))
        }
        let all = try await intents(f)
        #expect(all.count == 2, "first intent and exactly one re-send")
        #expect(all.map { $0["exit_reason"] } == ["sl_hit", "sl_hit"] && all.map { $0["action"] } == ["BUY", "BUY"])
        #expect(Set(all.compactMap { $0["intent_id"] }).count == 2, "the re-send has a new intent_id")
        #expect(f.events("EXIT_RESENT").count == 1 && f.events("EXIT_PATH_BROKEN").count == 1)
    }

    @Test
    func stalePriceIsNotActedOn() async throws {
        let f = try await ExitMonitorFixture.start(["exit.max_price_age_s": .number(1)])
        defer { Task { await f.server.stop() } }
        try await running([try f.consumer(), try priceIntake(f)]) {
            try await Task.sleep(for: .milliseconds(300))
            try await f.addResult(ExitMonitorFixture.fill("SOLUSDT"))
            #expect(try await eventually { await f.monitor.book.count == 1 })
            // An explicit id five seconds in the past: the price is older than max_price_age_s.
            let old = (SystemClock.milliseconds() - 5_000)
            _ = try await f.client().command(["XADD", f.config.streams.priceUpdates, "\(old)-0", "symbol", "SOLUSDT", "price", "50"])
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(try await intents(f).isEmpty)
    }
}

enum SystemClock {
    static func milliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
