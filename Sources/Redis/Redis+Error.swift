extension Redis {
    /// A failed Redis call: `reason` is metric-safe, `description` carries the details.
    ///
    /// | reason         | meaning                                                              |
    /// |----------------|----------------------------------------------------------------------|
    /// | `bad_url`      | the endpoint URL could not be parsed                                 |
    /// | `connect`      | TCP/unix connect failed (refused, unreachable, connect timeout)      |
    /// | `auth`         | the server rejected AUTH                                             |
    /// | `io`           | a read or write failed, or the server closed the connection          |
    /// | `timeout`      | a read or write took longer than the call's timeout                  |
    /// | `protocol`     | the reply could not be parsed, or the request was malformed          |
    /// | `server_error` | the server answered with an error reply (the connection stays up)    |
    /// | `closed`       | the client was closed with `close()`                                 |
    ///
    /// After `connect`, `io`, `timeout` and `protocol` the connection is dropped and the next call
    /// reconnects. Whether to retry is the caller's decision. No message ever holds a password.
    public struct Error: Swift.Error, CustomStringConvertible {
        /// One of the fixed values in the table above, safe as a metric label.
        public let reason: String
        public let description: String

        init(_ reason: Reason, _ detail: String) {
            self.reason = reason.rawValue
            self.description = "redis \(reason.rawValue): \(detail)"
        }

        /// Every value `reason` can take, for pre-registering metric labels.
        public static let reasons: [String] = Reason.allCases.map(\.rawValue)

        enum Reason: String, CaseIterable {
            case badURL = "bad_url"
            case connect
            case auth
            case io
            case timeout
            case `protocol`
            case serverError = "server_error"
            case closed
        }
    }
}

extension Redis {
    /// A server error reply handed back as a value (``RedisReply/errorMessage``), for a caller to throw.
    public struct ServerReply: Swift.Error, CustomStringConvertible {
        public let message: String

        public init(message: String) {
            self.message = message
        }

        public var description: String { "redis server_error: \(message)" }
    }
}
