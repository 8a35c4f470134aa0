internal import WardenCore

extension PaperExchange {
    /// An order the exchange accepted, as `GET /fapi/v1/order` shows it.
    public struct Order: Sendable, Hashable {
        public var orderId: Int64
        public var clientOrderId: String
        public var symbol: String
        public var side: Side
        public var type: OrderType
        public var positionSide: PositionSide
        public var reduceOnly: Bool
        public var timeInForce: TimeInForce
        /// `origQty`.
        public var quantity: PaperDecimal
        /// The limit price; zero for MARKET.
        public var price: PaperDecimal
        public var executedQty: PaperDecimal = .zero
        /// Volume-weighted fill price; zero until something fills.
        public var avgPrice: PaperDecimal = .zero
        public var cumQuote: PaperDecimal = .zero
        public var status: OrderStatus = .new
        public var time: Int64
        public var updateTime: Int64

        /// The quantity still to fill.
        public var remaining: PaperDecimal { quantity - executedQty }

        /// Records a fill of `qty` at `price`.
        mutating func fill(_ qty: PaperDecimal, at price: PaperDecimal, now: Int64) {
            avgPrice = executedQty.isZero ? price : .weightedAverage(executedQty, at: avgPrice, qty, at: price)
            executedQty = executedQty + qty
            cumQuote = cumQuote + qty.times(price)
            status = remaining.isZero ? .filled : .partiallyFilled
            updateTime = now
        }

        /// Binance's order object. `asAccepted` gives the ACK view: the order as it entered the
        /// book, before any fill (Binance fills asynchronously and ACK does not wait for it).
        func json(_ rules: SymbolRules?, asAccepted: Bool = false) -> JSONValue {
            let pp = rules?.pricePrecision ?? 2, qp = rules?.quantityPrecision ?? 3
            let executed = asAccepted ? .zero : executedQty
            return .object([
                "orderId": .n(orderId), "symbol": .s(symbol), "clientOrderId": .s(clientOrderId),
                "status": .s(asAccepted ? OrderStatus.new.rawValue : status.rawValue),
                "price": .s(price.fixed(pp)), "avgPrice": .s((asAccepted ? .zero : avgPrice).fixed(max(pp, 5))),
                "origQty": .s(quantity.fixed(qp)), "executedQty": .s(executed.fixed(qp)), "cumQty": .s(executed.fixed(qp)),
                "cumQuote": .s((asAccepted ? .zero : cumQuote).fixed(max(pp, 5))),
                "timeInForce": .s(timeInForce.rawValue), "type": .s(type.rawValue), "origType": .s(type.rawValue),
                "side": .s(side.rawValue), "positionSide": .s(positionSide.rawValue),
                "reduceOnly": .bool(reduceOnly), "closePosition": .bool(false), "stopPrice": .s(PaperDecimal.zero.fixed(pp)),
                "workingType": .s("CONTRACT_PRICE"), "priceProtect": .bool(false), "priceMatch": .s("NONE"),
                "selfTradePreventionMode": .s("EXPIRE_MAKER"), "goodTillDate": .n(0),
                "time": .n(time), "updateTime": .n(asAccepted ? time : updateTime),
            ])
        }
    }
}
