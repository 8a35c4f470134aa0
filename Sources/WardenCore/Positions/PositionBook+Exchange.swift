extension PositionBook {
    /// Merges a snapshot of the exchange's open positions taken at `snapshotTime`.
    ///
    /// The exchange is the truth for quantity, entry, leverage and existence; Warden keeps its
    /// levels, water mark, opening order id, open time and exit in progress. A position known only
    /// from a fill, opened after `snapshotTime - grace`, is not removed: the snapshot may predate
    /// the fill. Once a snapshot has shown a position, its absence means it is closed.
    public mutating func merge(exchange: [ExchangePosition], snapshotTime: WallTime, now: WallTime,
                               grace: Duration = .seconds(10)) -> [Action] {
        var actions: [Action] = []
        var seen: Set<PositionKey> = []
        for e in exchange where e.quantity > 0 && e.entryPrice > 0 {
            let key = hedgeMode ? PositionKey(symbol: e.symbol, hedgeSide: e.hedgeSide ?? e.side) : PositionKey(symbol: e.symbol)
            seen.insert(key)
            if var p = positions[key], p.side == e.side {
                guard p.quantity != e.quantity || p.entryPrice != e.entryPrice || p.leverage != e.leverage || !p.seenOnExchange
                else { continue }
                p.seenOnExchange = true
                p.quantity = e.quantity
                p.entryPrice = e.entryPrice
                p.leverage = e.leverage
                store(key, p)
                actions.append(.updated(p))
            } else {
                // Unknown to the book, or flipped side: track it with levels from the policy.
                if let old = positions[key] { actions.append(.removed(old, .flatOnExchange)) }
                let levels = ExitRules.levels(side: e.side, entry: e.entryPrice, takeProfit: nil, stopLoss: nil, policy: policy)
                let p = Position(key: key, side: e.side, quantity: e.quantity, entryPrice: e.entryPrice, leverage: e.leverage,
                                 takeProfit: levels.takeProfit, stopLoss: levels.stopLoss, waterMark: e.entryPrice,
                                 openingOrderID: "", openedAt: now, seenOnExchange: true)
                store(key, p)
                actions.append(.tracked(p))
            }
        }
        for key in positions.keys.sorted() where !seen.contains(key) {
            guard let p = positions[key], p.seenOnExchange || p.openedAt < snapshotTime - grace else { continue }
            store(key, nil)
            actions.append(.removed(p, .flatOnExchange))
        }
        return actions
    }

    /// Restores persisted positions. Keys are re-derived for the current mode. A position the book
    /// already holds (from the exchange or a fill since start) keeps its quantity, entry and leverage
    /// and takes the saved levels, water mark, opening order, open time and exit in progress.
    public mutating func restore(_ saved: [Position]) {
        for var p in saved {
            p.key = key(symbol: p.symbol, side: p.side)
            guard var current = positions[p.key], current.side == p.side else {
                store(p.key, p)
                continue
            }
            current.takeProfit = p.takeProfit
            current.stopLoss = p.stopLoss
            current.waterMark = ExitRules.waterMark(side: p.side, current: p.waterMark, price: current.waterMark)
            current.openingOrderID = p.openingOrderID.isEmpty ? current.openingOrderID : p.openingOrderID
            current.openedAt = min(current.openedAt, p.openedAt)
            current.exit = p.exit ?? current.exit
            current.seenOnExchange = current.seenOnExchange || p.seenOnExchange
            store(p.key, current)
        }
    }
}
