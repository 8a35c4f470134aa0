import Testing
import WardenCore

struct PositionBookTests {
    let t0 = WallTime(milliseconds: 1_800_000_000_000)
    var book = PositionBook(policy: ExitPolicy(), confirmTimeout: .seconds(20))

    func fill(_ symbol: String = "BTCUSDT", _ side: PositionSide = .long, price: Double = 100, qty: Double = 2,
              tp: Double? = nil, sl: Double? = nil) -> ExecutionResult {
        .opened(Fill(symbol: symbol, side: side, entryPrice: price, quantity: qty, leverage: 5, orderID: "o-\(symbol)",
                     takeProfit: tp, stopLoss: sl))
    }

    func intents(_ actions: [PositionBook.Action]) -> [CloseIntent] {
        actions.compactMap { if case .sendIntent(let i) = $0 { return i }; if case .resendIntent(let i) = $0 { return i }; return nil }
    }

    @Test
    mutating func fillIsTrackedWithLevels() throws {
        let actions = book.apply(fill(tp: 120), now: t0)
        let p = try #require(book.position(PositionKey(symbol: "BTCUSDT")))
        #expect(actions == [.tracked(p)])
        #expect(p.takeProfit == 120 && abs(p.stopLoss - 98.5) < 1e-9 && p.openingOrderID == "o-BTCUSDT")
    }

    @Test
    mutating func oneIntentPerTriggerThenOneResendThenEscalation() {
        _ = book.apply(fill(), now: t0)
        let first = intents(book.onPrice(symbol: "BTCUSDT", price: 103, priceTime: t0, now: t0, maxAge: .seconds(5)))
        #expect(first.count == 1 && first.first?.reason == .takeProfit && first.first?.action == "SELL")
        // Further ticks while unconfirmed: nothing repeated.
        for s in 1...19 {
            let t = t0 + .seconds(s)
            #expect(intents(book.onPrice(symbol: "BTCUSDT", price: 104, priceTime: t, now: t, maxAge: .seconds(5))).isEmpty)
            #expect(book.checkTimeouts(now: t).isEmpty)
        }
        let resend = book.checkTimeouts(now: t0 + .seconds(20))
        let resent = intents(resend)
        #expect(resent.count == 1 && resent.first?.intentID != first.first?.intentID)
        #expect(book.checkTimeouts(now: t0 + .seconds(39)).isEmpty)
        let broken = book.checkTimeouts(now: t0 + .seconds(40))
        #expect(broken.contains { if case .exitPathBroken = $0 { return true }; return false })
        #expect(book.checkTimeouts(now: t0 + .seconds(100)).isEmpty, "escalation is reported once")
    }

    @Test
    mutating func stalePriceIsNotActedOn() {
        _ = book.apply(fill(), now: t0)
        let actions = book.onPrice(symbol: "BTCUSDT", price: 90, priceTime: t0, now: t0 + .seconds(11), maxAge: .seconds(10))
        #expect(actions.isEmpty)
        #expect(book.position(PositionKey(symbol: "BTCUSDT"))?.exit == nil)
    }

    @Test
    mutating func mergeKeepsLevelsAndWaterMarkButTakesExchangeQuantity() throws {
        _ = book.apply(fill(tp: 130, sl: 90), now: t0)
        _ = book.onPrice(symbol: "BTCUSDT", price: 101, priceTime: t0, now: t0, maxAge: .seconds(5))
        let e = ExchangePosition(symbol: "BTCUSDT", side: .long, quantity: 3, entryPrice: 100.5, leverage: 10)
        for _ in 0..<5 {  // the 60-second bootstrap, repeated: nothing is overwritten
            _ = book.merge(exchange: [e], snapshotTime: t0 + .seconds(60), now: t0 + .seconds(60))
        }
        let p = try #require(book.position(PositionKey(symbol: "BTCUSDT")))
        #expect(p.quantity == 3 && p.entryPrice == 100.5 && p.leverage == 10)
        #expect(p.takeProfit == 130 && p.stopLoss == 90 && p.waterMark == 101 && p.openingOrderID == "o-BTCUSDT")
    }

    @Test
    mutating func flatOnExchangeLeavesTheBookOnce() {
        _ = book.apply(fill(), now: t0)
        let later = t0 + .seconds(60)
        let first = book.merge(exchange: [], snapshotTime: later, now: later)
        #expect(first.count == 1)
        guard case .removed(_, .flatOnExchange)? = first.first else { Issue.record("got \(first)"); return }
        for k in 1...10 {
            #expect(book.merge(exchange: [], snapshotTime: later + .seconds(5 * k), now: later + .seconds(5 * k)).isEmpty)
        }
    }

    @Test
    mutating func freshFillSurvivesAnOlderSnapshot() {
        _ = book.apply(fill(), now: t0)
        #expect(book.merge(exchange: [], snapshotTime: t0 - .seconds(1), now: t0).isEmpty)
        #expect(book.count == 1)
    }

    @Test
    mutating func exchangeOnlyPositionIsTrackedWithPolicyLevels() throws {
        let e = ExchangePosition(symbol: "ETHUSDT", side: .short, quantity: 1, entryPrice: 200, leverage: 3)
        let actions = book.merge(exchange: [e], snapshotTime: t0, now: t0)
        let p = try #require(book.position(PositionKey(symbol: "ETHUSDT")))
        #expect(actions == [.tracked(p)])
        #expect(abs(p.takeProfit - 195) < 1e-9 && abs(p.stopLoss - 203) < 1e-9)
    }

    @Test
    mutating func reduceOnlyFillClosesThePosition() {
        _ = book.apply(fill(qty: 2), now: t0)
        let partial = book.apply(.reduced(Fill(symbol: "BTCUSDT", side: .short, entryPrice: 101, quantity: 0.5)), now: t0)
        #expect(book.position(PositionKey(symbol: "BTCUSDT"))?.quantity == 1.5)
        #expect(partial.count == 1)
        let full = book.apply(.reduced(Fill(symbol: "BTCUSDT", side: .short, entryPrice: 101, quantity: 1.5)), now: t0)
        guard case .removed(_, .closedByFill)? = full.first else { Issue.record("got \(full)"); return }
        #expect(book.count == 0)
    }

    @Test
    mutating func hedgeModeKeepsBothSides() {
        book.hedgeMode = true
        _ = book.apply(fill("BTCUSDT", .long), now: t0)
        _ = book.apply(fill("BTCUSDT", .short), now: t0)
        #expect(book.count == 2)
        let out = intents(book.onPrice(symbol: "BTCUSDT", price: 103, priceTime: t0, now: t0, maxAge: .seconds(5)))
        // 103 is take-profit for the long and stop-loss for the short (101.5): both close.
        #expect(Set(out.map(\.reason)) == [.takeProfit, .stopLoss])
        #expect(Set(out.map(\.action)) == ["SELL", "BUY"])
    }

    @Test
    mutating func restoredMetadataSurvivesTheFirstMerge() throws {
        let saved = Position(key: PositionKey(symbol: "SOLUSDT"), side: .long, quantity: 1, entryPrice: 50, leverage: 2,
                             takeProfit: 60, stopLoss: 45, waterMark: 55, openingOrderID: "x", openedAt: t0)
        book.restore([saved])
        _ = book.merge(exchange: [ExchangePosition(symbol: "SOLUSDT", side: .long, quantity: 4, entryPrice: 51, leverage: 2)],
                       snapshotTime: t0 + .seconds(1), now: t0 + .seconds(1))
        let p = try #require(book.position(PositionKey(symbol: "SOLUSDT")))
        #expect(p.takeProfit == 60 && p.stopLoss == 45 && p.waterMark == 55 && p.quantity == 4 && p.entryPrice == 51)
    }

    @Test
    mutating func fillArrivingAfterTheExchangeSawThePositionDoesNotDoubleIt() throws {
        let e = ExchangePosition(symbol: "BTCUSDT", side: .long, quantity: 2, entryPrice: 100, leverage: 5)
        _ = book.merge(exchange: [e], snapshotTime: t0, now: t0)
        _ = book.apply(fill(qty: 2, tp: 120, sl: 95), now: t0 + .seconds(1))
        let p = try #require(book.position(PositionKey(symbol: "BTCUSDT")))
        #expect(p.quantity == 2, "the exchange is the truth for quantity")
        #expect(p.takeProfit == 120 && p.stopLoss == 95 && p.openingOrderID == "o-BTCUSDT")
    }

    @Test
    mutating func sameFillDeliveredTwiceIsAppliedOnce() {
        _ = book.apply(fill(qty: 2), now: t0)
        #expect(book.apply(fill(qty: 2), now: t0 + .seconds(1)).isEmpty)
        #expect(book.position(PositionKey(symbol: "BTCUSDT"))?.quantity == 2)
    }

    @Test
    mutating func positionSeenOnTheExchangeLeavesAsSoonAsItIsFlat() {
        let e = ExchangePosition(symbol: "ETHUSDT", side: .short, quantity: 1, entryPrice: 200, leverage: 3)
        _ = book.merge(exchange: [e], snapshotTime: t0, now: t0)
        let out = book.merge(exchange: [], snapshotTime: t0 + .seconds(1), now: t0 + .seconds(1))
        guard case .removed(_, .flatOnExchange)? = out.first else { Issue.record("got \(out)"); return }
    }
}
