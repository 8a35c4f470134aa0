internal import WardenCore

extension PaperExchange {
    /// One request the exchange answered, for tests and rehearsals to assert on ("exactly one order").
    public struct JournalEntry: Sendable, Hashable {
        /// Server time.
        public var time: Int64
        public var method: String
        public var path: String
        /// Decoded parameters, without `signature`.
        public var params: [String: String]
        public var status: Int
        /// The Binance error code of the answer, if any.
        public var code: Int?
        /// The fault that shaped the answer, if any.
        public var fault: Fault.Kind?
        /// Whether the request was carried out (an order placed), whatever the answer said.
        public var executed: Bool

        var json: JSONValue {
            var o: [String: JSONValue] = [
                "time": .n(time), "method": .s(method), "path": .s(path), "status": .n(status),
                "params": .object(params.mapValues(JSONValue.string)), "executed": .bool(executed),
            ]
            if let code { o["code"] = .n(code) }
            if let fault { o["fault"] = .s(fault.rawValue) }
            return .object(o)
        }
    }
}
