extension PaperExchange {
    /// Where a position lives: a symbol and `BOTH` (one-way) or `LONG`/`SHORT` (hedge mode).
    public struct PositionKey: Sendable, Hashable, Comparable {
        public var symbol: String
        public var side: PositionSide

        public init(symbol: String, side: PositionSide) {
            self.symbol = symbol
            self.side = side
        }

        public static func < (a: PositionKey, b: PositionKey) -> Bool {
            (a.symbol, a.side.rawValue) < (b.symbol, b.side.rawValue)
        }
    }

    /// One position: signed amount (negative = short) and average entry price.
    public struct Position: Sendable, Hashable {
        public var amount: PaperDecimal
        public var entryPrice: PaperDecimal
        public var updateTime: Int64

        public init(amount: PaperDecimal = .zero, entryPrice: PaperDecimal = .zero, updateTime: Int64 = 0) {
            self.amount = amount
            self.entryPrice = entryPrice
            self.updateTime = updateTime
        }

        /// Applies a fill that changes the amount by `delta` (signed) at `price`.
        ///
        /// | before → after            | entry price                        |
        /// |---------------------------|------------------------------------|
        /// | flat or same direction    | quantity-weighted average          |
        /// | smaller, same direction   | unchanged (the rest keeps its cost) |
        /// | flat                      | 0                                  |
        /// | crosses zero (a flip)     | the fill price, for the new side   |
        mutating func apply(_ delta: PaperDecimal, at price: PaperDecimal, now: Int64) {
            let old = amount, new = amount + delta
            if old.isZero || old.signum == delta.signum {
                entryPrice = old.isZero ? price : .weightedAverage(old.magnitude, at: entryPrice, delta.magnitude, at: price)
            } else if new.isZero {
                entryPrice = .zero
            } else if new.signum != old.signum {
                entryPrice = price
            }
            amount = new
            updateTime = now
        }

        /// Profit at `mark`: amount × (mark − entry).
        func unrealizedProfit(mark: PaperDecimal) -> PaperDecimal { amount.times(mark - entryPrice) }
    }
}
