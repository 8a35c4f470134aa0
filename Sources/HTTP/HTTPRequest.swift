/// One HTTP request, with its own time limits and response-size cap.
///
/// TLS peer and host verification are always on: there is deliberately no option to turn them off.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// An `http://` or `https://` URL. It may carry secrets: errors show only its origin.
    public var url: String
    /// Sent in order; a CR, LF or NUL in one fails the call (reason `internal`). curl's `Expect: 100-continue` is off.
    public var headers: [HTTPHeader]
    public var body: [UInt8]
    /// Limit for the whole transfer, connection included.
    public var totalTimeout: Duration
    public var connectTimeout: Duration
    /// A larger response body fails with reason `too_large`.
    public var maxResponseBytes: Int

    public init(
        method: HTTPMethod,
        url: String,
        headers: [HTTPHeader] = [],
        body: [UInt8] = [],
        totalTimeout: Duration = .seconds(10),
        connectTimeout: Duration = .seconds(3),
        maxResponseBytes: Int = 8 << 20
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.totalTimeout = totalTimeout
        self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes
    }

    /// A GET request.
    public init(get url: String, headers: [HTTPHeader] = [], totalTimeout: Duration = .seconds(10)) {
        self.init(method: .get, url: url, headers: headers, totalTimeout: totalTimeout)
    }

    /// A POST request with a binary body.
    public init(post url: String, headers: [HTTPHeader] = [], body: [UInt8], totalTimeout: Duration = .seconds(10)) {
        self.init(method: .post, url: url, headers: headers, body: body, totalTimeout: totalTimeout)
    }

    /// A POST request with a UTF-8 text body (set `Content-Type` in `headers`).
    public init(post url: String, headers: [HTTPHeader] = [], body: String, totalTimeout: Duration = .seconds(10)) {
        self.init(post: url, headers: headers, body: Array(body.utf8), totalTimeout: totalTimeout)
    }
}
