/// Namespace of the Binance adapter.
public enum Binance {}

extension Binance {
    /// A failed exchange call. `reason` is a fixed, metric-safe code; details go in `description`.
    public struct Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
        public enum Reason: String, Sendable, CaseIterable {
            /// No complete answer (connect, timeout, TLS, …): for an order, the outcome is unknown.
            case transport
            /// A Binance error code in the body (`code`/`msg`).
            case api
            /// An HTTP error status without a Binance error body (5xx, WAF 403, …).
            case httpStatus = "http_status"
            /// 429 or 418, or still inside the back-off they asked for.
            case rateLimited = "rate_limited"
            /// The answer was not what the endpoint documents.
            case parse
            /// A signed call without an API key and secret.
            case noCredentials = "no_credentials"
        }

        public var reason: Reason
        /// The Binance error code for `.api` (e.g. -2022, -1021).
        public var code: Int?
        public var status: Int?
        public var detail: String

        public init(_ reason: Reason, code: Int? = nil, status: Int? = nil, _ detail: String) {
            self.reason = reason
            self.code = code
            self.status = status
            self.detail = detail
        }

        public var description: String {
            var s = "binance \(reason.rawValue)"
            if let status { s += " HTTP \(status)" }
            if let code { s += " code \(code)" }
            return s + ": " + detail
        }
    }
}
