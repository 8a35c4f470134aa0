public import WardenCore

extension PaperExchange {
    /// The whole paper exchange as a synchronous state machine: account, contracts, mark prices,
    /// positions, orders, injected faults, clock skew and rate counters.
    ///
    /// Every entry point takes `now` (the local wall clock); the exchange's own clock is
    /// `now + clockSkewMs`, used for `/fapi/v1/time`, timestamp checks and order times.
    /// Nothing here blocks or reads a clock, so tests drive it directly.
    public struct State: Sendable {
        /// The account: requests must carry this key and be signed with this secret.
        public var apiKey: String
        public var secret: String
        public private(set) var symbols: [String: SymbolRules] = [:]
        public var markPrices: [String: PaperDecimal] = [:]
        /// A pinned `time` for a symbol's mark price (a stale feed); unpinned symbols show server time.
        public var markTimes: [String: Int64] = [:]
        /// Hedge mode (`LONG`/`SHORT` positions) when true; one-way (`BOTH`) when false.
        public var dualSidePosition = false
        public var positions: [PositionKey: Position] = [:]
        /// Per-symbol leverage (20 unless set).
        public var leverage: [String: Int] = [:]
        /// Every accepted order, oldest first.
        public internal(set) var orders: [Order] = []
        /// Binance-like ids, small enough to stay exact in a JSON double.
        var nextOrderId: Int64 = 4_000_000_001
        /// Faults waiting for their requests, first match wins.
        public var faults: [Fault] = []
        /// Server time minus local time.
        public var clockSkewMs: Int64 = 0
        /// IP weight allowed per minute before -1003.
        public var weightLimit = 2400
        var rates = RateCounter()
        /// The last requests to `/fapi/…`, oldest first (bounded).
        public internal(set) var journal: [JournalEntry] = []
        static let journalLimit = 1000

        private let initialAPIKey: String
        private let initialSecret: String
        private let initialSymbols: [SymbolRules]

        public init(apiKey: String = PaperExchange.defaultAPIKey, secret: String = PaperExchange.defaultSecret,
                    symbols: [SymbolRules] = SymbolRules.defaults) {
            self.apiKey = apiKey
            self.secret = secret
            self.initialAPIKey = apiKey
            self.initialSecret = secret
            self.initialSymbols = symbols
            for rules in symbols { list(rules) }
        }

        /// Back to how `init` left it (account, contracts and prices included).
        public mutating func reset() {
            self = State(apiKey: initialAPIKey, secret: initialSecret, symbols: initialSymbols)
        }

        /// Adds or replaces a contract; a new one starts at its initial mark price.
        public mutating func list(_ rules: SymbolRules) {
            if symbols[rules.symbol] == nil || markPrices[rules.symbol] == nil {
                markPrices[rules.symbol] = rules.initialMarkPrice
            }
            symbols[rules.symbol] = rules
        }

        /// The exchange's clock in milliseconds.
        public func serverTime(_ now: WallTime) -> Int64 { now.milliseconds + clockSkewMs }

        /// The position at `key` (flat if never opened).
        public func position(_ key: PositionKey) -> Position { positions[key] ?? Position() }

        /// The order sides a position of this account can take for `symbol`.
        var positionSides: [PositionSide] { dualSidePosition ? [.long, .short] : [.both] }

        /// Orders still on the book.
        public var openOrders: [Order] { orders.filter { $0.status.isOpen } }
    }
}
