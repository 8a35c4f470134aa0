extension PaperExchange {
    /// `side`.
    public enum Side: String, Sendable, Hashable, CaseIterable {
        case buy = "BUY"
        case sell = "SELL"

        /// +1 for BUY (adds to the signed position amount), -1 for SELL.
        var sign: Int64 { self == .buy ? 1 : -1 }
    }

    /// `positionSide`: `BOTH` in one-way mode, `LONG`/`SHORT` in hedge (dual-side) mode.
    public enum PositionSide: String, Sendable, Hashable, CaseIterable {
        case both = "BOTH"
        case long = "LONG"
        case short = "SHORT"
    }

    /// The order types `/fapi/v1/order` still takes (conditional types moved to the Algo API).
    public enum OrderType: String, Sendable, Hashable, CaseIterable {
        case market = "MARKET"
        case limit = "LIMIT"

        /// Since 2025-12-09 these answer -4120 on `/fapi/v1/order`.
        public static let algoOnly: Set<String> = ["STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET", "TRAILING_STOP_MARKET"]
    }

    /// `status` of an order.
    public enum OrderStatus: String, Sendable, Hashable, CaseIterable {
        case new = "NEW"
        case partiallyFilled = "PARTIALLY_FILLED"
        case filled = "FILLED"
        case canceled = "CANCELED"
        case expired = "EXPIRED"

        /// Open orders rest on the book; only they count for client order id uniqueness.
        public var isOpen: Bool { self == .new || self == .partiallyFilled }
    }

    /// `timeInForce` (GTX is post-only; GTD is accepted and kept like GTC).
    public enum TimeInForce: String, Sendable, Hashable, CaseIterable {
        case gtc = "GTC"
        case ioc = "IOC"
        case fok = "FOK"
        case gtx = "GTX"
        case gtd = "GTD"
    }

    /// `newOrderRespType`.
    public enum ResponseType: String, Sendable, Hashable {
        case ack = "ACK"
        case result = "RESULT"
    }
}
