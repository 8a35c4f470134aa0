public import WardenCore

/// The exit monitor's shared state: the position book and its counters.
///
/// Every loop (consumer, price intake, mark-price poll, bootstrap, exit check) feeds it inputs
/// and gets back the book's actions to carry out. It does no I/O, so it never blocks anyone.
public actor ExitMonitor {
    public private(set) var book: PositionBook
    /// Exit intents sent, by reason (re-sends not counted).
    public private(set) var exitsByReason: [ExitReason: Int] = [:]
    public private(set) var resends = 0
    public private(set) var exitPathBroken = 0
    /// Entries rejected by the decoder, by reason.
    public private(set) var rejectsByReason: [DecodeRejection.Reason: Int] = [:]
    public private(set) var applied = 0
    public private(set) var stalePrices = 0
    public private(set) var lastCheck: WallTime?
    /// When each symbol last had a fresh price (for PriceStale).
    public private(set) var lastPriceAt: [String: WallTime] = [:]
    /// The most recent close intent (first attempts only).
    public private(set) var lastExit: CloseIntent?
    let maxPriceAge: Duration
    /// ``PositionBook/symbolsClosed`` when ``lastPriceAt`` was last pruned.
    var prunedAt = 0

    public init(policy: ExitPolicy, confirmTimeout: Duration, maxPriceAge: Duration, hedgeMode: Bool = false) {
        self.book = PositionBook(policy: policy, confirmTimeout: confirmTimeout, hedgeMode: hedgeMode)
        self.maxPriceAge = maxPriceAge
    }

    /// Applies decoded execution results (already validated) in order.
    public func apply(_ results: [ExecutionResult], now: WallTime) -> [PositionBook.Action] {
        applied += results.count
        var actions: [PositionBook.Action] = []
        actions.reserveCapacity(results.count)
        for result in results { book.apply(result, now: now, into: &actions) }
        return actions
    }

    public func countRejects(_ rejections: [DecodeRejection]) {
        for r in rejections { rejectsByReason[r.reason, default: 0] += 1 }
    }

    /// Prices, oldest first. Stale ones are counted and not acted on.
    public func prices(_ updates: [PriceUpdate], now: WallTime) -> [PositionBook.Action] {
        var actions: [PositionBook.Action] = []
        for u in updates where book.holds(u.symbol) {
            if now.since(u.time) > maxPriceAge {
                stalePrices += 1
                continue
            }
            lastPriceAt[u.symbol] = max(lastPriceAt[u.symbol] ?? u.time, u.time)
            actions += book.onPrice(symbol: u.symbol, price: u.price, priceTime: u.time, now: now, maxAge: maxPriceAge)
        }
        record(actions)
        return actions
    }

    /// One exit-check cycle: re-sends and escalations due at `now`.
    public func check(now: WallTime) -> [PositionBook.Action] {
        lastCheck = now
        let actions = book.checkTimeouts(now: now)
        record(actions)
        return actions
    }

    public func merge(exchange: [ExchangePosition], snapshotTime: WallTime, now: WallTime) -> [PositionBook.Action] {
        book.merge(exchange: exchange, snapshotTime: snapshotTime, now: now)
    }

    public func restore(_ positions: [Position]) {
        book.restore(positions)
    }

    public func setHedgeMode(_ hedge: Bool) {
        book.hedgeMode = hedge
    }

    /// A broken invariant of the book, if any (see ``PositionBook/inconsistency()``).
    public func inconsistency() -> String? { book.inconsistency() }

    /// What the supervisors read from the book: open positions, since when, and broken exits.
    public func supervision() -> (open: Int, openSince: [String: WallTime], lastPriceAt: [String: WallTime],
                                  brokenExits: [String: String]) {
        var broken: [String: String] = [:]
        // Only positions with a close in progress can have an escalated one.
        for key in book.pendingExits {
            guard let p = book.positions[key], let e = p.exit, e.escalated else { continue }
            broken[p.key.description] = "\(e.reason.rawValue) close intent and its re-send unconfirmed since \(e.firstSentAt.iso8601)"
        }
        // Prices of symbols no longer held are forgotten, so the map stays bounded by the book.
        // Only a symbol leaving the book can make an entry stale, so skip the walk otherwise.
        if book.symbolsClosed != prunedAt {
            let since = book.openSince
            lastPriceAt = lastPriceAt.filter { since[$0.key] != nil }
            prunedAt = book.symbolsClosed
        }
        return (book.count, book.openSince, lastPriceAt, broken)
    }

    /// Positions whose exit is due (a close intent was sent) and which are still in the book.
    public func duePositions() -> [PositionKey] {
        book.pendingExits.sorted()
    }

    /// Whether the book holds anything (the mark-price poll skips the exchange otherwise).
    public var hasOpenPositions: Bool { book.count > 0 }

    func record(_ actions: [PositionBook.Action]) {
        for action in actions {
            switch action {
            case .sendIntent(let i):
                exitsByReason[i.reason, default: 0] += 1
                lastExit = i
            case .resendIntent: resends += 1
            case .exitPathBroken: exitPathBroken += 1
            default: break
            }
        }
    }

    /// The exit monitor's part of `/health`.
    public func health() -> HealthReport {
        var counters: [String: Int] = ["entries_applied": applied, "intent_resends": resends,
                                       "exit_path_broken": exitPathBroken, "stale_prices": stalePrices]
        for (reason, n) in rejectsByReason { counters["rejected_\(reason.rawValue)"] = n }
        counters["dead_letters"] = rejectsByReason.values.reduce(0, +)
        return HealthReport(
            trackedPositions: book.count, exitsTriggered: exitsByReason.values.reduce(0, +),
            tpHits: exitsByReason[.takeProfit] ?? 0, slHits: exitsByReason[.stopLoss] ?? 0,
            trailingHits: exitsByReason[.trailingStop] ?? 0, lastCheckTime: lastCheck, counters: counters)
    }
}
