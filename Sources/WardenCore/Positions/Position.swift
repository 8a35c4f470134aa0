/// Identifies a position: the symbol, plus the side in hedge mode (one-way mode has one per symbol).
public struct PositionKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var symbol: String
    /// nil in one-way mode.
    public var hedgeSide: PositionSide?

    public init(symbol: String, hedgeSide: PositionSide? = nil) {
        self.symbol = symbol
        self.hedgeSide = hedgeSide
    }

    public static func < (a: PositionKey, b: PositionKey) -> Bool {
        (a.symbol, a.hedgeSide?.rawValue ?? "") < (b.symbol, b.hedgeSide?.rawValue ?? "")
    }

    public var description: String { hedgeSide.map { "\(symbol)/\($0.rawValue)" } ?? symbol }
}

/// An open position as Warden tracks it. The exchange is the truth for quantity, entry and
/// leverage; Warden owns the levels, the water mark, the opening order and the exit in progress.
public struct Position: Sendable, Hashable {
    public var key: PositionKey
    public var side: PositionSide
    public var quantity: Double
    public var entryPrice: Double
    public var leverage: Double
    public var takeProfit: Double
    public var stopLoss: Double
    /// Highest price seen for a long, lowest for a short.
    public var waterMark: Double
    public var openingOrderID: String
    public var openedAt: WallTime
    /// The close in progress, if any.
    public var exit: PendingExit?
    /// True once an exchange snapshot has shown this position: from then on, its absence from a
    /// snapshot means it is closed (no grace for a snapshot older than the fill).
    public var seenOnExchange: Bool

    public init(key: PositionKey, side: PositionSide, quantity: Double, entryPrice: Double, leverage: Double,
                takeProfit: Double, stopLoss: Double, waterMark: Double, openingOrderID: String, openedAt: WallTime,
                exit: PendingExit? = nil, seenOnExchange: Bool = false) {
        self.key = key
        self.side = side
        self.quantity = quantity
        self.entryPrice = entryPrice
        self.leverage = leverage
        self.takeProfit = takeProfit
        self.stopLoss = stopLoss
        self.waterMark = waterMark
        self.openingOrderID = openingOrderID
        self.openedAt = openedAt
        self.exit = exit
        self.seenOnExchange = seenOnExchange
    }

    public var symbol: String { key.symbol }
}

/// A close intent that was published and is waiting for the position to close.
public struct PendingExit: Sendable, Hashable {
    public var reason: ExitReason
    public var intentID: String
    public var triggerPrice: Double
    public var firstSentAt: WallTime
    public var lastSentAt: WallTime
    /// 1 after the first intent, 2 after the one re-send.
    public var attempts: Int
    /// True once the book has reported the exit path broken for this position.
    public var escalated: Bool

    public init(reason: ExitReason, intentID: String, triggerPrice: Double, firstSentAt: WallTime,
                lastSentAt: WallTime, attempts: Int, escalated: Bool = false) {
        self.reason = reason
        self.intentID = intentID
        self.triggerPrice = triggerPrice
        self.firstSentAt = firstSentAt
        self.lastSentAt = lastSentAt
        self.attempts = attempts
        self.escalated = escalated
    }
}

/// A position as the exchange reports it (`positionRisk`), already parsed.
public struct ExchangePosition: Sendable, Hashable {
    public var symbol: String
    public var side: PositionSide
    /// Absolute position amount.
    public var quantity: Double
    public var entryPrice: Double
    public var leverage: Double
    /// `LONG`/`SHORT` in hedge mode, nil (`BOTH`) in one-way mode.
    public var hedgeSide: PositionSide?

    public init(symbol: String, side: PositionSide, quantity: Double, entryPrice: Double, leverage: Double,
                hedgeSide: PositionSide? = nil) {
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.entryPrice = entryPrice
        self.leverage = leverage
        self.hedgeSide = hedgeSide
    }

    public var key: PositionKey { PositionKey(symbol: symbol, hedgeSide: hedgeSide) }
}
