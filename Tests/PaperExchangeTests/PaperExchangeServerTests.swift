import Binance
import Glibc
import HTTP
import PaperExchange
import Testing
import WardenCore

/// The exchange over real HTTP, driven by Warden's unchanged `BinanceClient`.
@Suite(.timeLimit(.minutes(1)))
struct PaperExchangeServerTests {
    static func closeParams(_ id: String, quantity: String = "0.010") -> BinanceQuery {
        BinanceQuery([("symbol", "BTCUSDT"), ("side", "SELL"), ("type", "MARKET"), ("quantity", quantity),
                      ("reduceOnly", "true"), ("newOrderRespType", "RESULT"), ("newClientOrderId", id)])
    }

    static func query(_ id: String) -> BinanceQuery {
        BinanceQuery([("symbol", "BTCUSDT"), ("origClientOrderId", id)])
    }

    @Test
    func wardenClientReadsPositionsMarkPricesModeAndTime() async throws {
        try await LiveExchange.with(exchange(holding: "-0.5", entry: "64000")) { ex in
            let client = ex.client()
            #expect(try await client.positionRisk()
                    == [ExchangePosition(symbol: "BTCUSDT", side: .short, quantity: 0.5, entryPrice: 64000, leverage: 20)])
            try await ex.admin(.post, "/admin/mark-prices", #"{"prices":{"ETHUSDT":"3600.5"}}"#)
            let prices = try await client.markPrices()
            #expect(prices.map(\.symbol) == ["BTCUSDT", "ETHUSDT", "SOLUSDT"])
            #expect(prices.first { $0.symbol == "ETHUSDT" }?.price == 3600.5)
            #expect(try await client.dualSidePosition() == false)
            let offset = try await client.syncTime()
            #expect(abs(offset.wholeMilliseconds) < 500)
            #expect(await client.usedWeight1m != nil, "X-MBX-USED-WEIGHT-1M reached the client")
        }
    }

    @Test(arguments: [Int64(-3000), 6000])
    func clockSkewGives1021ThenTheClientResyncsAndSucceeds(_ skew: Int64) async throws {
        try await LiveExchange.with { ex in
            try await ex.admin(.post, "/admin/clock", #"{"skewMs":\#(skew)}"#)
            let client = ex.client()
            #expect(try await client.dualSidePosition() == false)
            let offset = await client.clockOffset
            #expect(abs(offset.wholeMilliseconds - skew) < 500, "offset \(offset)")
            let journal = ex.store.withState { $0.journal.map { ($0.path, $0.code) } }
            #expect(journal.map(\.0) == ["/fapi/v1/positionSide/dual", "/fapi/v1/time", "/fapi/v1/positionSide/dual"])
            #expect(journal.map(\.1) == [-1021, nil, nil])
        }
    }

    @Test
    func reduceOnlyCloseRoundTripAndTheSecondIsRejected() async throws {
        try await LiveExchange.with(exchange(holding: "0.010")) { ex in
            let client = ex.client()
            let body = try await client.call(.post, "/fapi/v1/order", Self.closeParams("warden:em/BTC-1"), signed: true)
            let order = try #require(JSONValue.parse(body))
            #expect(order["status"]?.stringValue == "FILLED")
            #expect(order["executedQty"]?.stringValue == "0.010")
            #expect(order["avgPrice"]?.double == 65000)
            let found = try #require(JSONValue.parse(try await client.call(.get, "/fapi/v1/order", Self.query("warden:em/BTC-1"), signed: true)))
            #expect(found["orderId"] == order["orderId"])
            #expect(found["clientOrderId"]?.stringValue == "warden:em/BTC-1", "percent-encoded id, signed over the raw query")
            do {
                _ = try await client.call(.post, "/fapi/v1/order", Self.closeParams("warden-em-2"), signed: true)
                Issue.record("a reduce-only order on a flat position was accepted")
            } catch let error as Binance.Error {
                #expect(error.reason == .api && error.code == -2022 && error.status == 400)
            }
            #expect(try await client.positionRisk().isEmpty)
        }
    }

    @Test
    func unknownOrderIs2013() async throws {
        try await LiveExchange.with { ex in
            do {
                _ = try await ex.client().call(.get, "/fapi/v1/order", Self.query("never-sent"), signed: true)
                Issue.record("no error")
            } catch let error as Binance.Error {
                #expect(error.code == -2013 && error.status == 400)
            }
        }
    }

    @Test
    func unknown503StillExecutesTheOrder() async throws {
        try await LiveExchange.with(exchange(holding: "0.010")) { ex in
            try await ex.admin(.post, "/admin/faults", #"{"path":"/fapi/v1/order","kind":"unknown_503"}"#)
            let client = ex.client()
            do {
                _ = try await client.call(.post, "/fapi/v1/order", Self.closeParams("warden-em-1"), signed: true)
                Issue.record("no error")
            } catch let error as Binance.Error {
                #expect(error.reason == .api && error.code == -1000 && error.status == 503, "\(error)")
            }
            // The outcome is resolved by asking, not by resending.
            let found = try #require(JSONValue.parse(try await client.call(.get, "/fapi/v1/order", Self.query("warden-em-1"), signed: true)))
            #expect(found["status"]?.stringValue == "FILLED")
            #expect(try await client.positionRisk().isEmpty)
            #expect(ex.store.withState { $0.orders.count } == 1)
        }
    }

    @Test
    func timeoutExecutesTheOrderWhileTheClientSeesATransportTimeout() async throws {
        try await LiveExchange.with(exchange(holding: "0.010")) { ex in
            try await ex.admin(.post, "/admin/faults", #"{"path":"/fapi/v1/order","kind":"timeout","holdMs":3000}"#)
            let client = ex.client(timeout: .seconds(1))
            let clock = ContinuousClock(), start = clock.now
            do {
                _ = try await client.call(.post, "/fapi/v1/order", Self.closeParams("warden-em-1"), signed: true)
                Issue.record("no error")
            } catch let error as Binance.Error {
                #expect(error.reason == .transport, "\(error)")
                #expect(error.detail.contains("timeout"), "\(error)")
            }
            #expect(clock.now - start < .milliseconds(2500), "the client gave up at its own timeout")
            #expect(ex.store.withState { $0.amount("BTCUSDT") } == "0", "the order executed at once")
            let found = try #require(JSONValue.parse(try await client.call(.get, "/fapi/v1/order", Self.query("warden-em-1"), signed: true)))
            #expect(found["status"]?.stringValue == "FILLED")
        }
    }

    @Test(arguments: [("timeout_1007", 408, -1007 as Int?, true), ("http_500", 500, nil, false), ("unavailable_503", 503, -1000, false)])
    func otherOrderFaultsAsTheClientSeesThem(_ kind: String, _ status: Int, _ code: Int?, _ executes: Bool) async throws {
        try await LiveExchange.with(exchange(holding: "0.010")) { ex in
            try await ex.admin(.post, "/admin/faults", #"{"path":"/fapi/v1/order","kind":"\#(kind)"}"#)
            do {
                _ = try await ex.client().call(.post, "/fapi/v1/order", Self.closeParams("warden-em-1"), signed: true)
                Issue.record("no error")
            } catch let error as Binance.Error {
                #expect(error.status == status && error.code == code, "\(error)")
                #expect(error.reason == (code == nil ? .httpStatus : .api))
            }
            #expect(ex.store.withState { $0.amount("BTCUSDT") } == (executes ? "0" : "0.01"))
        }
    }

    @Test
    func rateLimit429BacksTheClientOff() async throws {
        try await LiveExchange.with { ex in
            try await ex.admin(.post, "/admin/faults", #"{"path":"/fapi/v1/premiumIndex","kind":"rate_limit_429","retryAfter":30}"#)
            let client = ex.client()
            for _ in 0..<2 {
                do { _ = try await client.markPrices(); Issue.record("no error") } catch let error as Binance.Error {
                    #expect(error.reason == .rateLimited)
                }
            }
            #expect(ex.store.withState { $0.journal.count } == 1, "the second call never left the client")
            let until = try #require(await client.backoffUntil)
            #expect(until.milliseconds > Int64(WallClockForTests.milliseconds) + 25_000)
        }
    }

    @Test
    func wrongKeyIs2015AndWrongSecretIs1022() async throws {
        try await LiveExchange.with { ex in
            do { _ = try await ex.client(key: "nope").positionRisk(); Issue.record("no error") } catch let error as Binance.Error {
                #expect(error.code == -2015 && error.status == 401)
            }
            do { _ = try await ex.client(secret: "nope").positionRisk(); Issue.record("no error") } catch let error as Binance.Error {
                #expect(error.code == -1022 && error.status == 400)
            }
        }
    }

    @Test
    func adminAPIOverHTTP() async throws {
        try await LiveExchange.with { ex in
            let set = try await ex.admin(.post, "/admin/positions", #"{"symbol":"ETHUSDT","amount":"1.5","entryPrice":"3400"}"#)
            #expect(set.status == 200, "\(set.text)")
            #expect(ex.store.withState { $0.amount("ETHUSDT") } == "1.5")
            let bad = try await ex.admin(.post, "/admin/mark-prices", #"{"symbol":"ETHUSDT","price":"-1"}"#)
            #expect(bad.status == 400)
            #expect(try await ex.admin(.get, "/admin/orders").text == "[]")
            let time = try await HTTPClient().send(HTTPRequest(get: ex.baseURL + "/fapi/v1/time"))
            #expect(time.header("X-MBX-USED-WEIGHT-1M") == "1")
            #expect(time.header("Content-Type") == "application/json")
        }
    }
}

/// The wall clock as the exchange (with no skew) reads it.
enum WallClockForTests {
    static var milliseconds: Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
    }
}

