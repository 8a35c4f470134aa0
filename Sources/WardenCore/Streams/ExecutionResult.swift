/// What an execution result means for the position book.
public enum ExecutionResult: Sendable, Hashable {
    /// A fill that opens or adds to a position.
    case opened(Fill)
    /// A reduce-only fill: (part of) a position was closed.
    case reduced(Fill)
}

/// A decoded fill, with every number validated.
public struct Fill: Sendable, Hashable {
    public var symbol: String
    public var side: PositionSide
    public var entryPrice: Double
    public var quantity: Double
    public var leverage: Double
    public var orderID: String
    /// Absolute levels sent with the order, if any (validated against the entry later).
    public var takeProfit: Double?
    public var stopLoss: Double?
    /// The producer's timestamp text, kept as given.
    public var timestamp: String

    public init(symbol: String, side: PositionSide, entryPrice: Double, quantity: Double, leverage: Double = 1,
                orderID: String = "", takeProfit: Double? = nil, stopLoss: Double? = nil, timestamp: String = "") {
        self.symbol = symbol
        self.side = side
        self.entryPrice = entryPrice
        self.quantity = quantity
        self.leverage = leverage
        self.orderID = orderID
        self.takeProfit = takeProfit
        self.stopLoss = stopLoss
        self.timestamp = timestamp
    }
}

/// The side of a position.
public enum PositionSide: String, Sendable, Hashable, CaseIterable {
    case long = "LONG"
    case short = "SHORT"

    /// The order side that closes this position.
    public var closingAction: String { self == .long ? "SELL" : "BUY" }
}

/// Why an entry was not applied. `reason` is a fixed, metric-safe code; `detail` is for people.
public struct DecodeRejection: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: String, Sendable, CaseIterable {
        case invalidUTF8 = "invalid_utf8"
        case oversized
        case malformedJSON = "malformed_json"
        case missingSymbol = "missing_symbol"
        case badSymbol = "bad_symbol"
        case badAction = "bad_action"
        case notAFill = "not_a_fill"
        case badPrice = "bad_price"
        case badQuantity = "bad_quantity"
        case badLeverage = "bad_leverage"
    }

    public var reason: Reason
    public var detail: String
    /// The producer's error text when the status was an error (feeds RepeatedErrors).
    public var errorMessage: String?

    public init(_ reason: Reason, _ detail: String, errorMessage: String? = nil) {
        self.reason = reason
        self.detail = detail
        self.errorMessage = errorMessage
    }

    public var description: String { "\(reason.rawValue): \(detail)" }
}
