import Testing
import WardenCore

struct DependencyEvaluatorTests {
    typealias Clock = SupervisionClock

    @Test(arguments: [AlertName.redisUnreachable, .exchangeUnreachable])
    func failedProbeIsBadWithReasonAndOkProbeResolves(name: AlertName) {
        var e = ReachabilityEvaluator(name, subject: "127.0.0.1:6379")
        let first = e.evaluate(.failed(reason: "connection refused"), now: Clock.at(0)).first
        #expect(first?.key == AlertKey(name, "127.0.0.1:6379"))
        #expect(first?.condition.verdict == .bad)
        let second = e.evaluate(.failed(reason: "connection\nrefused"), now: Clock.at(45)).first?.condition.badSummary
        let what = name == .redisUnreachable ? "Redis" : "exchange"
        #expect(second == "\(what) unreachable at 127.0.0.1:6379 for 45s (2 failed probes): connection refused")
        #expect(e.evaluate(.ok, now: Clock.at(50)).first?.condition == .ok)
        #expect(e.failingSince == nil && e.failures == 0)
    }

    @Test(arguments: [
        (Duration?.some(.milliseconds(1000)), Verdict.ok),
        (.milliseconds(1001), .bad),
        (.milliseconds(-1000), .ok),
        (.milliseconds(-1001), .bad),
        (nil, .unknown),
    ])
    func clockDriftBeyondOneSecondFires(offset: Duration?, expected: Verdict) {
        #expect(ClockDriftEvaluator().evaluate(offset: offset, now: Clock.origin).first?.condition.verdict == expected)
    }

    @Test
    func clockDriftSummarySaysWhichWay() {
        let e = ClockDriftEvaluator()
        #expect(e.evaluate(offset: .milliseconds(-1520), now: Clock.origin).first?.condition.badSummary
            == "local clock 1.52 s behind binance server time (limit 1 s): signed requests may be rejected (-1021)")
        #expect(e.evaluate(offset: .milliseconds(2000), now: Clock.origin).first?.condition.badSummary?.contains("2 s ahead of") == true)
    }

    @Test(arguments: [
        (Optional<Int64>.some(-30_000), Verdict.ok),  // exactly the limit
        (-30_001, .bad),
        (-1_000, .ok),
        (nil, .bad),  // never priced, open for an hour
    ])
    func priceStaleAfterThirtySeconds(priceAgo: Int64?, expected: Verdict) {
        let opened = Clock.at(-3600)
        let prices = priceAgo.map { ["BTCUSDT": Clock.at(ms: $0)] } ?? [:]
        let out = PriceStaleEvaluator().evaluate(openSince: ["BTCUSDT": opened], lastPriceAt: prices, now: Clock.origin)
        #expect(out.map(\.key) == [AlertKey(.priceStale, "BTCUSDT")])
        #expect(out.first?.condition.verdict == expected)
    }

    @Test
    func aNewPositionGetsTheLimitToSeeItsFirstPrice() {
        let e = PriceStaleEvaluator()
        let open = ["ETHUSDT": Clock.at(0)]
        #expect(e.evaluate(openSince: open, lastPriceAt: [:], now: Clock.at(30)).first?.condition == .ok)
        let late = e.evaluate(openSince: open, lastPriceAt: ["ETHUSDT": Clock.at(-100)], now: Clock.at(31)).first?.condition
        #expect(late?.badSummary == "no fresh price for ETHUSDT for 31s (last price at \(Clock.at(-100).iso8601), limit 30s): its exits cannot trigger")
    }

    @Test
    func subjectsFollowOpenPositionsAndAreUnknownWhilePricesCannotBeRead() {
        let e = PriceStaleEvaluator()
        let open = ["SOLUSDT": Clock.at(0), "BTCUSDT": Clock.at(0)]
        let unknown = e.evaluate(openSince: open, lastPriceAt: nil, now: Clock.at(100))
        #expect(unknown.map(\.key.subject) == ["BTCUSDT", "SOLUSDT"])
        #expect(unknown.map(\.condition.verdict) == [.unknown, .unknown])
        #expect(e.evaluate(openSince: [:], lastPriceAt: nil, now: Clock.at(100)).isEmpty)
    }
}
