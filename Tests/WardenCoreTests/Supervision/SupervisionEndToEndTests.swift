import Testing
import WardenCore

/// Each evaluator through ``AlertTracker`` with the shipped rules: each incident fires once,
/// stays quiet while it lasts (unknown readings included), and resolves once.
struct SupervisionEndToEndTests {
    typealias Clock = SupervisionClock

    @Test
    func repeatedErrorsFireOnceAndResolveOnce() {
        var tally = TrackerTally()
        var e = RepeatedErrorsEvaluator()
        for s in stride(from: 0, through: 1200, by: 3) {
            if s < 600 {
                e.record(message: RepeatedErrorsEvaluatorTests.productionMessage(s), source: .execution, at: Clock.at(s))
            }
            tally.apply(e.evaluate(now: Clock.at(s)), covering: [.repeatedErrors], now: Clock.at(s))
        }
        #expect(tally.fired.map(\.name) == [.repeatedErrors])
        #expect(tally.resolved == tally.fired)
    }

    @Test
    func consumerLagAndStalledFireOnceAndResolveOnce() {
        var tally = TrackerTally()
        let id = ConsumerGroupID(stream: "quantum:stream:trade.intent", group: "execution_group")
        var e = ConsumerGroupEvaluator(id)
        func sample(_ lag: Int, _ n: Int) -> ConsumerGroupSample {
            ConsumerGroupSample(lag: lag, entriesRead: n, lastDeliveredID: "\(n)-0", pending: 0, lastGeneratedID: "x",
                                entriesAdded: nil, consumers: ConsumerGroupEvaluatorTests.busy)
        }
        var samples: [ConsumerGroupSample?] = (0..<15).map { sample(60_000 + 800 * $0, $0) }  // lagging
        samples += [nil, nil]  // Redis down: nothing changes
        samples += (15..<20).map { sample(0, $0) }  // caught up
        samples += [.missing, .missing, .missing]  // group destroyed
        samples += (20..<23).map { sample(0, $0) }  // recreated
        for (n, s) in samples.enumerated() {
            tally.apply(e.evaluate(s, now: Clock.at(60 * n)), covering: [.consumerLag, .consumerStalled], now: Clock.at(60 * n))
        }
        #expect(tally.fired == [AlertKey(.consumerLag, id.subject), AlertKey(.consumerStalled, id.subject)])
        #expect(tally.resolved == tally.fired)
        #expect(tally.fireSummaries.last == "consumer group execution_group missing on quantum:stream:trade.intent: nothing consumes it")
    }

    @Test
    func staleStreamTradeClosedAndSafeModeFireOnceAndResolveOnce() {
        var tally = TrackerTally()
        var trade = TradeClosedEvaluator(stream: "quantum:stream:trade.closed")
        var safe = SafeModeEvaluator()
        let stale = StaleStreamEvaluator(stream: "quantum:stream:exitbrain.pnl")
        let oldHead = StreamHead.lastEntry(id: "\(Clock.at(-3600).milliseconds)-0")
        for s in stride(from: 0, through: 2800, by: 30) {  // trade.closed would fire again at 2900
            let now = Clock.at(s)
            let redisDown = (1200..<1300).contains(s)
            let moved = s >= 2000
            let head: StreamHead? = redisDown ? nil : moved ? .lastEntry(id: "\(Clock.at(2000).milliseconds)-0") : oldHead
            var out = stale.evaluate(s >= 2000 ? .lastEntry(id: "\(now.milliseconds)-0") : head, now: now)
            out += trade.evaluate(lastClosed: head, openPositions: 2, now: now)
            out += safe.evaluate(present: redisDown ? nil : s < 2000, now: now)
            tally.apply(out, covering: [.staleStream, .tradeClosedStalled, .safeModeStuck], now: now)
        }
        #expect(tally.fired.map(\.name).sorted() == [.safeModeStuck, .staleStream, .tradeClosedStalled])
        #expect(tally.resolved.sorted() == tally.fired.sorted())
    }

    @Test
    func restartStormFiresOnceAndResolvesOnce() {
        var tally = TrackerTally()
        var e = RestartStormEvaluator(unit: "trading-exec.service")
        let counts: [UInt32] = [10, 11, 12, 13, 14, 15, 15, 2, 2] + Array(repeating: 2, count: 20)
        for (n, c) in counts.enumerated() {
            let s = RestartStormEvaluator.Sample(nRestarts: c, activeState: n == 5 ? "failed" : "active", result: "exit-code")
            tally.apply(e.evaluate(s, now: Clock.at(60 * n)), covering: [.restartStorm], now: Clock.at(60 * n))
        }
        #expect(tally.fired == [AlertKey(.restartStorm, "trading-exec.service")])
        #expect(tally.resolved == tally.fired)
    }

    /// The reachability and drift rules hold for their `for` before firing (30 s Redis, 60 s drift).
    @Test
    func dependenciesFireAfterTheirHoldOnceAndResolveOnce() {
        var tally = TrackerTally()
        var redis = ReachabilityEvaluator(.redisUnreachable, subject: "127.0.0.1:6379")
        var exchange = ReachabilityEvaluator(.exchangeUnreachable, subject: "https://fapi.binance.com")
        let drift = ClockDriftEvaluator()
        let price = PriceStaleEvaluator()
        var firedAt: [AlertName: Int] = [:]
        for s in stride(from: 0, through: 600, by: 10) {
            let now = Clock.at(s)
            var out = redis.evaluate((100..<300).contains(s) ? .failed(reason: "connection refused") : .ok, now: now)
            out += exchange.evaluate(s == 100 || s == 150 ? .failed(reason: "timeout") : .ok, now: now)  // blips
            out += drift.evaluate(offset: (100..<300).contains(s) ? .milliseconds(2500) : s == 350 ? nil : .zero, now: now)
            let open: [String: WallTime] = s < 400 ? ["BTCUSDT": Clock.at(0)] : [:]
            out += price.evaluate(openSince: open, lastPriceAt: ["BTCUSDT": Clock.at(min(s, 100))], now: now)
            let before = tally.fired.count
            tally.apply(out, covering: [.redisUnreachable, .exchangeUnreachable, .clockDrift, .priceStale], now: now)
            for key in tally.fired.dropFirst(before) { firedAt[key.name] = s }
        }
        #expect(firedAt == [.redisUnreachable: 130, .clockDrift: 160, .priceStale: 140])
        #expect(tally.resolved.sorted() == tally.fired.sorted())
    }
}
