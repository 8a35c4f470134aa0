import Testing
import WardenCore

/// The book's per-symbol index (``PositionBook/openSince``) must always equal what a walk over
/// every position gives, whatever the inputs.
struct PositionBookIndexTests {
    let t0 = WallTime(milliseconds: 1_800_000_000_000)

    static func walked(_ book: PositionBook) -> [String: WallTime] {
        var since: [String: WallTime] = [:]
        for p in book.positions.values { since[p.symbol] = min(since[p.symbol] ?? p.openedAt, p.openedAt) }
        return since
    }

    func opened(_ symbol: String, _ side: PositionSide, qty: Double = 1) -> ExecutionResult {
        .opened(Fill(symbol: symbol, side: side, entryPrice: 100, quantity: qty, leverage: 3, orderID: "o-\(symbol)-\(side)"))
    }

    func reduced(_ symbol: String, _ side: PositionSide, qty: Double) -> ExecutionResult {
        .reduced(Fill(symbol: symbol, side: side, entryPrice: 100, quantity: qty, leverage: 3, orderID: "r"))
    }

    @Test(arguments: [false, true])
    func openSinceFollowsFillsPricesMergesAndRestores(hedge: Bool) {
        var book = PositionBook(policy: ExitPolicy(), confirmTimeout: .seconds(20), hedgeMode: hedge)
        var closedBefore = 0
        var rng = SplitMix64(state: hedge ? 0xB00C : 0xB00B)
        let symbols = ["AUSDT", "BUSDT", "CUSDT", "DUSDT"]
        for step in 0..<400 {
            let now = t0 + .seconds(step)
            let symbol = symbols.randomElement(using: &rng)!
            let side: PositionSide = Bool.random(using: &rng) ? .long : .short
            switch Int.random(in: 0..<6, using: &rng) {
            case 0, 1: _ = book.apply(opened(symbol, side), now: now)
            case 2: _ = book.apply(reduced(symbol, side, qty: Bool.random(using: &rng) ? 0.5 : 5), now: now)
            case 3: _ = book.onPrice(symbol: symbol, price: Double.random(in: 95...105, using: &rng), priceTime: now, now: now, maxAge: .seconds(5))
            case 4:
                let snapshot = book.positions.values.filter { _ in Bool.random(using: &rng) }.map {
                    ExchangePosition(symbol: $0.symbol, side: $0.side, quantity: $0.quantity,
                                     entryPrice: $0.entryPrice, leverage: $0.leverage, hedgeSide: hedge ? $0.side : nil)
                }
                _ = book.merge(exchange: snapshot, snapshotTime: now, now: now, grace: .zero)
            default:
                var p = book.positions.values.first ?? Position(
                    key: PositionKey(symbol: symbol), side: side, quantity: 1, entryPrice: 100, leverage: 3, takeProfit: 102,
                    stopLoss: 98, waterMark: 100, openingOrderID: "", openedAt: now)
                p.openedAt = t0 - .seconds(Int64(step))
                book.restore([p])
            }
            #expect(book.openSince == Self.walked(book), "step \(step)")
            let walked = Self.walked(book)
            #expect(symbols.filter { book.holds($0) } == symbols.filter { walked[$0] != nil }, "holds, step \(step)")
            #expect(book.symbolsClosed >= closedBefore)
            closedBefore = book.symbolsClosed
        }
    }

    @Test
    func symbolsClosedCountsOnlyASymbolLeavingTheBook() {
        var book = PositionBook(policy: ExitPolicy(), hedgeMode: true)
        _ = book.apply(opened("AUSDT", .long), now: t0)
        _ = book.apply(opened("AUSDT", .short), now: t0 + .seconds(1))
        #expect(book.openSince == ["AUSDT": t0])
        _ = book.apply(reduced("AUSDT", .short, qty: 1), now: t0)  // closes the long
        #expect(book.openSince == ["AUSDT": t0 + .seconds(1)] && book.symbolsClosed == 0)
        _ = book.apply(reduced("AUSDT", .long, qty: 1), now: t0)  // closes the short
        #expect(book.openSince.isEmpty && book.symbolsClosed == 1)
    }
}

/// The field-by-field record writer must give the same text as the sorted JSON object.
struct PositionRecordTextTests {
    static func reference(_ p: Position) -> String {
        var m: [String: JSONValue] = [
            "symbol": .string(p.symbol), "side": .string(p.side.rawValue),
            "qty": .number(p.quantity), "entry": .number(p.entryPrice), "lev": .number(p.leverage),
            "tp": .number(p.takeProfit), "sl": .number(p.stopLoss), "water": .number(p.waterMark),
            "order_id": .string(p.openingOrderID), "opened_ms": .number(Double(p.openedAt.milliseconds)),
            "seen": .bool(p.seenOnExchange),
        ]
        if let e = p.exit {
            m["exit"] = .object([
                "reason": .string(e.reason.rawValue), "intent_id": .string(e.intentID), "price": .number(e.triggerPrice),
                "first_ms": .number(Double(e.firstSentAt.milliseconds)), "last_ms": .number(Double(e.lastSentAt.milliseconds)),
                "attempts": .number(Double(e.attempts)), "escalated": .bool(e.escalated),
            ])
        }
        return JSONValue.object(m).jsonText
    }

    @Test
    func encodeMatchesTheSortedObject() {
        var rng = SplitMix64(state: 0xC0DE)
        for i in 0..<500 {
            let price = [0.000012345, 1, 2.5, 37_123.25, 1e16, 123_456_789.123][i % 6] * Double.random(in: 0.5...2, using: &rng)
            var p = Position(key: PositionKey(symbol: "S\(i)USDT"), side: i % 2 == 0 ? .long : .short, quantity: Double(i % 7) + 0.001,
                             entryPrice: price, leverage: Double(1 + i % 20), takeProfit: price * 1.025, stopLoss: price * 0.985,
                             waterMark: i % 3 == 1 ? price * 1.01 : price, openingOrderID: i % 5 == 0 ? "" : "o-\"\(i)\"\\\n", openedAt: WallTime(milliseconds: 1_800_000_000_000 + Int64(i)),
                             seenOnExchange: i % 3 == 0)
            if i % 4 == 0 {
                p.exit = PendingExit(reason: .stopLoss, intentID: "id-\(i)", triggerPrice: price, firstSentAt: p.openedAt,
                                     lastSentAt: p.openedAt + .seconds(20), attempts: 1 + i % 2, escalated: i % 8 == 0)
            }
            #expect(PositionRecord.encode(p) == Self.reference(p))
            #expect(PositionRecord.decode(PositionRecord.encode(p)) == p)
        }
    }
}
