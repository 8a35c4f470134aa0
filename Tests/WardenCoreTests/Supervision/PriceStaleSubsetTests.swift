import Testing
import WardenCore

/// Observing only stale and tracked symbols must give the tracker the same transitions as
/// observing every open symbol.
struct PriceStaleSubsetTests {
    typealias Clock = SupervisionClock

    @Test(arguments: [0 as Int64, 20])
    func subsetGivesTheSameTransitionsAsEverySymbol(holdSeconds: Int64) {
        let evaluator = PriceStaleEvaluator()
        var full = AlertTracker(holdFor: [.priceStale: .seconds(holdSeconds)])
        var subset = full
        var rng = SplitMix64(state: 0x5EED + UInt64(holdSeconds))
        let symbols = (0..<12).map { "S\($0)USDT" }
        var openSince: [String: WallTime] = [:]
        var lastPriceAt: [String: WallTime] = [:]
        for step in 0..<300 {
            let now = Clock.at(step * 5)
            for s in symbols {
                switch Int.random(in: 0..<20, using: &rng) {
                case 0: openSince[s] = openSince[s] ?? now
                case 1: openSince[s] = nil
                case 2...9: if openSince[s] != nil { lastPriceAt[s] = now }
                default: break
                }
            }
            let prices: [String: WallTime]? = step % 37 == 36 ? nil : lastPriceAt
            var tracked = Set(subset.pending.filter { $0.name == .priceStale }.map(\.subject))
            for a in subset.firing where a.key.name == .priceStale { tracked.insert(a.key.subject) }
            let all = evaluator.evaluate(openSince: openSince, lastPriceAt: prices, now: now)
            let some = evaluator.evaluate(openSince: openSince, lastPriceAt: prices, now: now, reportingOKOnlyFor: tracked)
            #expect(some.allSatisfy { all.contains($0) })
            let a = full.update(all, covering: [.priceStale], now: now)
            let b = subset.update(some, covering: [.priceStale], now: now)
            #expect(a == b, "step \(step)")
            #expect(full.firing == subset.firing && full.pending == subset.pending, "step \(step)")
        }
    }

    @Test
    func supervisorStateIsOkWhenEverySymbolIsFresh() {
        var set = SupervisorSet(rules: .defaults, streams: WardenConfig.defaults.streams, safeModeKey: "k")
        var inputs = SupervisorSet.Inputs()
        inputs.openPositions = 1
        inputs.openSince = ["BTCUSDT": Clock.at(0)]
        inputs.lastPriceAt = nil
        _ = set.evaluate(inputs, now: Clock.at(100))
        #expect(set.states["PriceStale"] == "unknown")
        inputs.lastPriceAt = ["BTCUSDT": Clock.at(99)]
        _ = set.evaluate(inputs, now: Clock.at(100))
        #expect(set.states["PriceStale"] == "ok")
        inputs.lastPriceAt = ["BTCUSDT": Clock.at(0)]
        let fired = set.evaluate(inputs, now: Clock.at(200))
        #expect(fired.count == 1 && set.states["PriceStale"] == "firing")
        inputs.lastPriceAt = ["BTCUSDT": Clock.at(299)]
        let resolved = set.evaluate(inputs, now: Clock.at(300))
        #expect(resolved.count == 1 && set.states["PriceStale"] == "ok")
    }
}
