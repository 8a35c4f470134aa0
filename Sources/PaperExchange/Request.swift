internal import WardenCore

extension PaperExchange {
    /// One HTTP request as the exchange sees it: raw query and body, exactly as sent (signatures
    /// are over these bytes), and the `X-MBX-APIKEY` header.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        /// The query string without `?`, not decoded.
        public var query: String
        /// The body as text, not decoded.
        public var body: String
        public var apiKey: String?

        public init(method: String, path: String, query: String = "", body: String = "", apiKey: String? = nil) {
            self.method = method.uppercased()
            self.path = path
            self.query = query
            self.body = body
            self.apiKey = apiKey
        }
    }

    /// The answer: status, headers and JSON text, and how long to hold it back (the timeout fault).
    public struct Reply: Sendable {
        public var status: Int
        public var headers: [(name: String, value: String)]
        public var body: String
        /// Wait this long before answering; the work is already done.
        public var hold: Duration?

        public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: String, hold: Duration? = nil) {
            self.status = status
            self.headers = headers
            self.body = body
            self.hold = hold
        }

        static func json(_ value: JSONValue, status: Int = 200) -> Reply {
            Reply(status: status, body: value.jsonText)
        }

        static func error(_ error: APIError) -> Reply {
            Reply(status: error.httpStatus, body: error.body)
        }

        /// The value of header `name` (case-insensitive).
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The Binance error code in the body, if it is an error body.
        public var code: Int? { BinanceParsing.apiError(Array(body.utf8))?.code }
    }
}
