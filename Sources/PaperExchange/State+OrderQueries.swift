internal import WardenCore

extension PaperExchange.State {
    /// `GET /fapi/v1/order`: by `orderId`, else by `origClientOrderId` (the most recent order with
    /// that id: ids may repeat once an order is no longer open). Unknown → -2013.
    func queryOrder(_ p: PaperExchange.Params) throws(PaperExchange.APIError) -> PaperExchange.Order {
        guard let index = try findOrder(p) else { throw .noSuchOrder }
        return orders[index]
    }

    /// `DELETE /fapi/v1/order`: cancels an open order; unknown or no longer open → -2011.
    mutating func cancelOrder(_ p: PaperExchange.Params, serverTime now: Int64) throws(PaperExchange.APIError) -> JSONValue {
        guard let index = try findOrder(p), orders[index].status.isOpen else { throw .unknownOrderSent }
        orders[index].status = .canceled
        orders[index].updateTime = now
        return orders[index].json(symbols[orders[index].symbol])
    }

    /// `GET /fapi/v1/openOrders`, for one symbol or all.
    func openOrders(_ p: PaperExchange.Params) throws(PaperExchange.APIError) -> JSONValue {
        if let symbol = p["symbol"], symbols[symbol] == nil { throw .badSymbol }
        let symbol = p["symbol"]
        return .array(openOrders.filter { symbol == nil || $0.symbol == symbol }.map { $0.json(symbols[$0.symbol]) })
    }

    private func findOrder(_ p: PaperExchange.Params) throws(PaperExchange.APIError) -> Int? {
        guard let symbol = p["symbol"] else { throw .mandatory("symbol") }
        guard symbols[symbol] != nil else { throw .badSymbol }
        if let text = p["orderId"] {
            guard let id = Self.integer(text) else { throw .illegal("orderId", "^[0-9]{1,20}$") }
            return orders.firstIndex { $0.orderId == id && $0.symbol == symbol }
        }
        guard let clientId = p["origClientOrderId"] else { throw .orderIdOrClientId }
        return orders.lastIndex { $0.clientOrderId == clientId && $0.symbol == symbol }
    }

    /// `POST /fapi/v1/algoOrder`: where conditional orders (STOP_MARKET, TAKE_PROFIT_MARKET, …)
    /// live since Dec 2025. The request is validated like Binance's, then refused with -1020:
    /// the paper exchange does not run conditional orders, and says so rather than pretend.
    func refuseAlgoOrder(_ p: PaperExchange.Params) throws(PaperExchange.APIError) -> Never {
        guard let algoType = p["algoType"] else { throw .mandatory("algoType") }
        guard algoType == "CONDITIONAL" else { throw .invalid("algoType") }
        guard let symbol = p["symbol"] else { throw .mandatory("symbol") }
        guard symbols[symbol] != nil else { throw .badSymbol }
        guard let side = p["side"] else { throw .mandatory("side") }
        guard PaperExchange.Side(rawValue: side) != nil else { throw .badSide }
        guard let type = p["type"] else { throw .mandatory("type") }
        guard PaperExchange.OrderType.algoOnly.contains(type) else { throw .badOrderType }
        if let id = p["clientAlgoId"] {
            guard id.utf8.count <= 36 else { throw .clientOrderIdTooLong }
            guard PaperExchange.NewOrder.isLegalClientOrderId(id) else {
                throw .illegal("clientAlgoId", "^[\\.A-Z\\:/a-z0-9_-]{1,36}$")
            }
        }
        throw .unsupported
    }
}
