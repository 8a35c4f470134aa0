/// A complete HTTP response. Any status, 4xx and 5xx included, is a response and not an error.
public struct HTTPResponse: Sendable {
    public let status: Int
    /// Header fields of the final response, in the order received.
    public let headers: [HTTPHeader]
    public let body: [UInt8]
    /// Time curl took for the whole transfer (`CURLINFO_TOTAL_TIME_T`).
    public let totalTime: Duration

    public init(status: Int, headers: [HTTPHeader], body: [UInt8], totalTime: Duration) {
        self.status = status
        self.headers = headers
        self.body = body
        self.totalTime = totalTime
    }

    /// The body decoded as UTF-8, invalid sequences replaced by U+FFFD.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The FIRST value of the header called `name` (case-insensitive); nil if absent.
    public func header(_ name: String) -> String? { headers.first(named: name) }
}
