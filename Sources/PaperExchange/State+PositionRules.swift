extension PaperExchange.State {
    /// The rules for orders that close: one-way `reduceOnly=true`, or hedge-mode SELL+LONG / BUY+SHORT.
    ///
    /// Rejected with -2022 when there is no position, when the order's side would add to it, or
    /// when its quantity plus the still-open reducing orders on the same side exceeds it.
    ///
    /// The last rule is this exchange's decision. For a MARKET reduce-only order larger than the
    /// position, Binance sometimes fills only the position and sometimes rejects; the paper
    /// exchange always rejects, the conservative reading: no reducing order can ever flip or
    /// exceed a position here, and a client that re-reads the position after -2022 (as Warden
    /// does) works on both. Hedge-mode closes follow the same rule against their side's position.
    func checkPositionRules(_ order: PaperExchange.NewOrder) throws(PaperExchange.APIError) {
        guard order.reduces else { return }
        let symbol = order.rules.symbol
        let amount = position(PaperExchange.PositionKey(symbol: symbol, side: order.positionSide)).amount
        guard !amount.isZero, amount.signum != Int(order.side.sign) else { throw .reduceOnlyRejected }
        var pending = PaperDecimal.zero
        for o in orders where o.status.isOpen && o.symbol == symbol && o.positionSide == order.positionSide
            && o.side == order.side && o.reduces {
            pending = pending + o.remaining
        }
        guard order.quantity + pending <= amount.magnitude else { throw .reduceOnlyRejected }
    }
}
