extension PaperExchange {
    /// Request weight per minute (the IP limit) and order counts per 10 s and per minute (the
    /// account limits), in fixed windows of server time, as the `X-MBX-…` headers report them.
    struct RateCounter: Sendable, Hashable {
        static let ordersPer10s = 300
        static let ordersPerMinute = 1200

        private var minute: Int64 = .min
        private var tenSeconds: Int64 = .min
        private(set) var usedWeight = 0
        private(set) var orders10s = 0
        private(set) var orders1m = 0

        /// Rolls the windows forward to `ms`.
        mutating func advance(to ms: Int64) {
            let m = ms / 60_000, t = ms / 10_000
            if m != minute { minute = m; usedWeight = 0; orders1m = 0 }
            if t != tenSeconds { tenSeconds = t; orders10s = 0 }
        }

        /// Counts a request of `weight` (and one order if `order`), or refuses it with -1003/-1015.
        /// A refused request still counts its weight, as Binance's does.
        mutating func admit(weight: Int, order: Bool, limit: Int, at ms: Int64) -> APIError? {
            advance(to: ms)
            usedWeight += weight
            if usedWeight > limit { return .tooManyRequests(limit: limit) }
            guard order else { return nil }
            if orders10s >= Self.ordersPer10s { return .tooManyOrders(limit: Self.ordersPer10s, per: "10s") }
            if orders1m >= Self.ordersPerMinute { return .tooManyOrders(limit: Self.ordersPerMinute, per: "1m") }
            orders10s += 1
            orders1m += 1
            return nil
        }

        /// Seconds until the minute window turns.
        func secondsToNextMinute(at ms: Int64) -> Int {
            Int((60_000 - ((ms % 60_000) + 60_000) % 60_000 + 999) / 1000)
        }
    }
}
