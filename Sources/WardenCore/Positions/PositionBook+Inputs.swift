extension PositionBook {
    /// Applies a decoded execution result.
    public mutating func apply(_ result: ExecutionResult, now: WallTime) -> [Action] {
        var actions: [Action] = []
        apply(result, now: now, into: &actions)
        return actions
    }

    /// Applies a decoded execution result, appending what it calls for to `actions` (a backlog of
    /// fills then makes no array per fill).
    public mutating func apply(_ result: ExecutionResult, now: WallTime, into actions: inout [Action]) {
        switch result {
        case .opened(let fill):
            let key = key(symbol: fill.symbol, side: fill.side)
            if var p = positions[key], p.side == fill.side {
                if !fill.orderID.isEmpty, fill.orderID == p.openingOrderID {
                    return  // the same fill delivered again (a reclaimed entry): nothing changes
                }
                if p.openingOrderID.isEmpty {
                    // Known so far only from the exchange (which saw the fill first): this fill is
                    // that position's opening. Take its order id and absolute levels; the exchange
                    // stays the truth for quantity and entry.
                    p.openingOrderID = fill.orderID
                    if fill.takeProfit != nil || fill.stopLoss != nil {
                        let levels = ExitRules.levels(side: p.side, entry: p.entryPrice, takeProfit: fill.takeProfit,
                                                      stopLoss: fill.stopLoss, policy: policy)
                        if fill.takeProfit != nil { p.takeProfit = levels.takeProfit }
                        if fill.stopLoss != nil { p.stopLoss = levels.stopLoss }
                    }
                    store(key, p)
                    actions.append(.updated(p))
                    return
                }
                // Added to: average the entry; Warden keeps its levels and water mark.
                let total = p.quantity + fill.quantity
                p.entryPrice = (p.entryPrice * p.quantity + fill.entryPrice * fill.quantity) / total
                p.quantity = total
                p.leverage = fill.leverage
                store(key, p)
                actions.append(.updated(p))
                return
            }
            let levels = ExitRules.levels(side: fill.side, entry: fill.entryPrice, takeProfit: fill.takeProfit,
                                          stopLoss: fill.stopLoss, policy: policy)
            let p = Position(key: key, side: fill.side, quantity: fill.quantity, entryPrice: fill.entryPrice,
                             leverage: fill.leverage, takeProfit: levels.takeProfit, stopLoss: levels.stopLoss,
                             waterMark: fill.entryPrice, openingOrderID: fill.orderID, openedAt: now)
            store(key, p)
            actions.append(.tracked(p))
        case .reduced(let fill):
            // A reduce-only fill closes (part of) the opposite-side position.
            let side: PositionSide = fill.side == .long ? .short : .long
            let key = key(symbol: fill.symbol, side: side)
            guard var p = positions[key], p.side == side else { return }
            p.quantity -= fill.quantity
            if p.quantity <= p.entryQuantityEpsilon {
                store(key, nil)
                actions.append(.removed(p, .closedByFill))
                return
            }
            store(key, p)
            actions.append(.updated(p))
        }
    }

    /// A price for `symbol` observed at `priceTime`. Stale prices (older than `maxAge` at `now`) are not acted on.
    public mutating func onPrice(symbol: String, price: Double, priceTime: WallTime, now: WallTime,
                                 maxAge: Duration) -> [Action] {
        guard price.isFinite, price > 0, now.since(priceTime) <= maxAge else { return [] }
        var actions: [Action] = []
        for key in keys(for: symbol) {
            guard var p = positions[key] else { continue }
            p.waterMark = ExitRules.waterMark(side: p.side, current: p.waterMark, price: price)
            if p.exit == nil, let reason = ExitRules.evaluate(
                side: p.side, entry: p.entryPrice, takeProfit: p.takeProfit, stopLoss: p.stopLoss,
                waterMark: p.waterMark, price: price, policy: policy)
            {
                let intent = CloseIntent(position: p, reason: reason, triggerPrice: price, attempt: 1, at: now)
                p.exit = PendingExit(reason: reason, intentID: intent.intentID, triggerPrice: price,
                                     firstSentAt: now, lastSentAt: now, attempts: 1)
                store(key, p)
                actions.append(.sendIntent(intent))
                actions.append(.updated(p))
            } else {
                store(key, p)
            }
        }
        return actions
    }

    /// Re-sends or escalates exits that were not confirmed within ``confirmTimeout``. Call it
    /// on every exit-check cycle.
    public mutating func checkTimeouts(now: WallTime) -> [Action] {
        var actions: [Action] = []
        // Only positions with a close in progress: 10,000 positions must not mean 10,000 looks a second.
        for key in pendingExits.sorted() {
            guard var p = positions[key], var exit = p.exit, !exit.escalated,
                  now.since(exit.lastSentAt) >= confirmTimeout else { continue }
            if exit.attempts == 1 {
                let intent = CloseIntent(position: p, reason: exit.reason, triggerPrice: exit.triggerPrice, attempt: 2, at: now)
                exit.attempts = 2
                exit.intentID = intent.intentID
                exit.lastSentAt = now
                p.exit = exit
                store(key, p)
                actions += [.resendIntent(intent), .updated(p)]
            } else {
                exit.escalated = true
                p.exit = exit
                store(key, p)
                actions += [.exitPathBroken(p), .updated(p)]
            }
        }
        return actions
    }
}

extension Position {
    /// Below this a remaining quantity is rounding noise.
    var entryQuantityEpsilon: Double { 1e-12 }
}
