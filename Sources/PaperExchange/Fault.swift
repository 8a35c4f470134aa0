internal import WardenCore

extension PaperExchange {
    /// A failure injected into the next `remaining` requests to `path`.
    ///
    /// | kind              | answer                                                  | executes by default |
    /// |-------------------|---------------------------------------------------------|---------------------|
    /// | `http_500`        | 500, plain-text body                                    | no                  |
    /// | `unknown_503`     | 503 `{-1000, "Unknown error, please check your request or try again later."}` | yes (unknown outcome) |
    /// | `unavailable_503` | 503 `{-1000, "Service Unavailable."}` (a sure failure)  | no                  |
    /// | `throttled_1008`  | 503 `{-1008, …}`; reduce-only and closing orders pass   | no                  |
    /// | `rate_limit_429`  | 429 `{-1003, …}` with `Retry-After`                     | no                  |
    /// | `timeout`         | the real answer, held back for `hold`                   | yes                 |
    /// | `timeout_1007`    | 408 `{-1007, "…Send status unknown; execution status unknown."}` | yes        |
    ///
    /// "Executes" means the request is processed as usual (an order is placed and filled) and only
    /// the answer is replaced: the client cannot tell what happened.
    public struct Fault: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            case http500 = "http_500"
            case unknown503 = "unknown_503"
            case unavailable503 = "unavailable_503"
            case throttled1008 = "throttled_1008"
            case rateLimit429 = "rate_limit_429"
            case timeout
            case timeout1007 = "timeout_1007"

            var executesByDefault: Bool { [.unknown503, .timeout, .timeout1007].contains(self) }
        }

        public var kind: Kind
        public var path: String
        public var remaining: Int
        public var executes: Bool
        /// How long `timeout` holds the answer back.
        public var hold: Duration
        /// `Retry-After` seconds for `rate_limit_429`.
        public var retryAfterSeconds: Int
        /// Replaces the kind's HTTP status.
        public var status: Int?

        public init(_ kind: Kind, path: String, count: Int = 1, executes: Bool? = nil, hold: Duration = .seconds(10),
                    retryAfterSeconds: Int = 1, status: Int? = nil) {
            self.kind = kind
            self.path = path
            self.remaining = count
            self.executes = executes ?? kind.executesByDefault
            self.hold = hold
            self.retryAfterSeconds = retryAfterSeconds
            self.status = status
        }

        /// The answer the fault gives in place of `real` (nil: send `real`, held for `timeout`).
        func reply(replacing real: Reply) -> Reply {
            func coded(_ status: Int, _ code: Int, _ message: String) -> Reply {
                .error(APIError(code, message, status: self.status ?? status, reason: .injected))
            }
            switch kind {
            case .http500:
                return Reply(status: status ?? 500, headers: [("Content-Type", "text/plain")], body: "Internal Server Error")
            case .unknown503:
                return coded(503, -1000, "Unknown error, please check your request or try again later.")
            case .unavailable503:
                return coded(503, -1000, "Service Unavailable.")
            case .throttled1008:
                return coded(503, -1008, "Request throttled by system-level protection. Reduce-only/close-position orders are exempt. Please try again.")
            case .rateLimit429:
                var r = coded(429, -1003, "Too many requests; current limit of IP is 2400 requests per minute. Please use the websocket for live updates to avoid polling the API.")
                r.headers.append(("Retry-After", String(retryAfterSeconds)))
                return r
            case .timeout:
                var r = real
                r.hold = hold
                return r
            case .timeout1007:
                return coded(408, -1007, "Timeout waiting for response from backend server. Send status unknown; execution status unknown.")
            }
        }

        var json: JSONValue {
            var o: [String: JSONValue] = ["kind": .s(kind.rawValue), "path": .s(path), "remaining": .n(remaining),
                                          "execute": .bool(executes), "holdMs": .n(hold.wholeMilliseconds),
                                          "retryAfter": .n(retryAfterSeconds)]
            if let status { o["status"] = .n(status) }
            return .object(o)
        }
    }
}
