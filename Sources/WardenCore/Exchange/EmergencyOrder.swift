/// An emergency close as it is sent: MARKET, opposite side, the whole position floored to the
/// lot step, `reduceOnly=true` in one-way mode (hedge mode: `positionSide`, no `reduceOnly`),
/// `newOrderRespType=RESULT`, and a deterministic client order id per (symbol, incident).
public struct EmergencyOrder: Sendable, Hashable {
    public var symbol: String
    /// `BUY` or `SELL`: the side that closes.
    public var side: String
    /// Decimal text on the lot step.
    public var quantity: String
    /// `LONG`/`SHORT` in hedge mode; nil in one-way mode (then `reduceOnly=true`).
    public var positionSide: String?
    public var clientOrderID: String

    public init(symbol: String, side: String, quantity: String, positionSide: String?, clientOrderID: String) {
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.positionSide = positionSide
        self.clientOrderID = clientOrderID
    }

    /// The order parameters in the order they are signed.
    public var parameters: [(String, String)] {
        var p = [("symbol", symbol), ("side", side), ("type", "MARKET"), ("quantity", quantity)]
        if let positionSide { p.append(("positionSide", positionSide)) } else { p.append(("reduceOnly", "true")) }
        p += [("newClientOrderId", clientOrderID), ("newOrderRespType", "RESULT")]
        return p
    }

    public static func == (a: EmergencyOrder, b: EmergencyOrder) -> Bool { a.parameters.elementsEqual(b.parameters, by: ==) }
    public func hash(into h: inout Hasher) { h.combine(clientOrderID) }
}

/// Plans the emergency close of a position as the exchange reports it right now.
public enum EmergencyPlanner {
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// Flat already: nothing to close.
        case flat
        /// Below the lot's minimum: cannot be closed by a MARKET order (dust).
        case belowMinimum(String)
        case noLotFilter

        public var description: String {
            switch self {
            case .flat: "the position is already flat"
            case .belowMinimum(let q): "the position is below the minimum lot (\(q))"
            case .noLotFilter: "no LOT_SIZE or MARKET_LOT_SIZE for the symbol"
            }
        }
    }

    /// - Parameter position: read from the exchange for this decision, never from the book alone.
    public static func plan(_ position: ExchangePosition, filter: LotFilter?, hedgeMode: Bool,
                            incident: WallTime) -> Result<EmergencyOrder, Problem> {
        guard position.quantity > 0 else { return .failure(.flat) }
        guard let filter else { return .failure(.noLotFilter) }
        guard let quantity = filter.closingQuantity(position.quantity) else {
            return .failure(.belowMinimum(DecimalText.plain(position.quantity)))
        }
        let hedgeSide = hedgeMode ? (position.hedgeSide ?? position.side) : nil
        return .success(EmergencyOrder(
            symbol: position.symbol, side: position.side.closingAction, quantity: quantity,
            positionSide: hedgeSide?.rawValue,
            clientOrderID: ClientOrderID.emergency(symbol: position.symbol, incident: incident, side: hedgeSide)))
    }
}
