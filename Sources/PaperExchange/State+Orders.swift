internal import WardenCore

extension PaperExchange.State {
    /// `POST /fapi/v1/order`.
    ///
    /// After validation (``PaperExchange/NewOrder/parse(_:symbols:dualSide:)``): -4116 if the client
    /// order id belongs to an OPEN order (a filled, cancelled or expired one does not count), the
    /// reduce/close rules, then MIN_NOTIONAL for orders that do not reduce. A MARKET order fills
    /// at once, in full, at the mark price; a LIMIT order that crosses the mark fills at the mark,
    /// otherwise it rests (GTC/GTD), expires (IOC/FOK) or is refused (GTX, -5022).
    /// `RESULT` answers with the order after the fill; `ACK` with the order as accepted.
    mutating func placeOrder(_ p: PaperExchange.Params, serverTime now: Int64) throws(PaperExchange.APIError) -> JSONValue {
        let request = try PaperExchange.NewOrder.parse(p, symbols: symbols, dualSide: dualSidePosition)
        let symbol = request.rules.symbol
        if let id = request.clientOrderId, orders.contains(where: { $0.clientOrderId == id && $0.status.isOpen }) {
            throw .duplicateClientOrderId
        }
        try checkPositionRules(request)
        let mark = markPrices[symbol] ?? request.rules.initialMarkPrice
        if !request.reduces, request.quantity.times(request.price ?? mark) < request.rules.minNotional {
            throw .minNotional(request.rules.minNotional)
        }
        let crosses = request.price.map { Self.crosses(request.side, limit: $0, mark: mark) } ?? true
        if request.type == .limit, request.timeInForce == .gtx, crosses { throw .postOnlyRejected }

        let id = nextOrderId
        nextOrderId += 1
        orders.append(PaperExchange.Order(
            orderId: id, clientOrderId: request.clientOrderId ?? "paper_\(id)", symbol: symbol, side: request.side,
            type: request.type, positionSide: request.positionSide, reduceOnly: request.reduceOnly,
            timeInForce: request.timeInForce, quantity: request.quantity, price: request.price ?? .zero, time: now, updateTime: now))
        let index = orders.count - 1
        if crosses {
            fill(index, request.quantity, at: mark, now: now)
        } else if request.timeInForce == .ioc || request.timeInForce == .fok {
            orders[index].status = .expired
        }
        let order = orders[index]
        return request.responseType == .result ? order.json(request.rules) : order.json(request.rules, asAccepted: true)
    }

    /// A BUY at or above the mark, or a SELL at or below it, trades at once.
    static func crosses(_ side: PaperExchange.Side, limit: PaperDecimal, mark: PaperDecimal) -> Bool {
        side == .buy ? mark <= limit : limit <= mark
    }

    /// Fills `qty` of order `index` at `price` and moves its position.
    mutating func fill(_ index: Int, _ qty: PaperDecimal, at price: PaperDecimal, now: Int64) {
        orders[index].fill(qty, at: price, now: now)
        let order = orders[index]
        let key = PaperExchange.PositionKey(symbol: order.symbol, side: order.positionSide)
        var position = position(key)
        position.apply(PaperDecimal(units: qty.units * order.side.sign), at: price, now: now)
        positions[key] = position
    }

    /// Fills resting LIMIT orders of `symbol` that the mark price has reached, at their limit price.
    /// A reducing order fills only what its position still holds; the rest expires (Binance
    /// cancels reduce-only orders that could otherwise open a position).
    mutating func matchRestingOrders(_ symbol: String, now: Int64) {
        guard let mark = markPrices[symbol] else { return }
        for i in orders.indices where orders[i].symbol == symbol && orders[i].status.isOpen && orders[i].type == .limit {
            let order = orders[i]
            guard Self.crosses(order.side, limit: order.price, mark: mark) else { continue }
            var qty = order.remaining
            if order.reduces {
                let amount = position(PaperExchange.PositionKey(symbol: symbol, side: order.positionSide)).amount
                let reducible = amount.signum == -Int(order.side.sign) ? amount.magnitude : .zero
                qty = min(qty, reducible)
            }
            if !qty.isZero { fill(i, qty, at: order.price, now: now) }
            if orders[i].status.isOpen {
                orders[i].status = .expired
                orders[i].updateTime = now
            }
        }
    }
}

extension PaperExchange.Order {
    /// Closes (part of) a position: `reduceOnly`, or SELL+LONG / BUY+SHORT in hedge mode.
    var reduces: Bool {
        reduceOnly || (positionSide == .long && side == .sell) || (positionSide == .short && side == .buy)
    }
}
