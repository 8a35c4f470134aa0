internal import Glibc
internal import Synchronization

/// A real HTTP/1.1 server on 127.0.0.1, on a port the kernel picks, for adapter tests.
///
/// One thread accepts; each connection gets its own thread, so a delayed or hanging answer never
/// holds up another connection. Connections are kept alive (HTTP/1.1) unless the request says
/// `Connection: close` or the response is close-delimited. Every request is recorded.
/// `stop()` (also run by `deinit`) wakes every thread, joins them and closes every socket.
public final class TestHTTPServer: Sendable {
    /// One header field, in the order sent or received.
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A request as the server parsed it.
    public struct Request: Sendable {
        public let method: String
        /// The request target as sent: path and query.
        public let path: String
        public let headers: [Header]
        public let body: [UInt8]
        /// Which TCP connection it came on: 1 for the first accepted, 2 for the next, and so on.
        public let connection: Int

        /// The first value of the header called `name` (case-insensitive), or nil.
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// What to do with a request.
    public struct Response: Sendable {
        /// After `delay`: answer, hang until the client leaves or the server stops, or close without a word.
        public enum Action: Sendable { case answer, hang, close }

        public var status: Int
        public var headers: [Header]
        public var body: [UInt8]
        /// Wait this long before acting (cut short if the client closes or the server stops).
        public var delay: Duration
        public var action: Action
        /// When false the body is delimited by closing the connection, with no `Content-Length`.
        public var includesContentLength: Bool

        public init(
            status: Int = 200, headers: [Header] = [], body: [UInt8] = [], delay: Duration = .zero,
            action: Action = .answer, includesContentLength: Bool = true
        ) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
            self.action = action
            self.includesContentLength = includesContentLength
        }

        /// A response with a UTF-8 text body.
        public init(status: Int = 200, headers: [Header] = [], text: String, delay: Duration = .zero) {
            self.init(status: status, headers: headers, body: Array(text.utf8), delay: delay)
        }

        /// Never answers; the connection stays open until the client gives up or the server stops.
        public static let hang = Response(action: .hang)
        /// Closes the connection without answering.
        public static let close = Response(action: .close)
    }

    /// A socket call that failed while starting the server.
    public struct Error: Swift.Error, CustomStringConvertible {
        public let function: String
        public let errno: Int32
        public var description: String { "\(function) failed: errno \(errno) (\(String(cString: strerror(errno))))" }
    }

    /// The port the server listens on.
    public let port: Int
    private let core: Core

    /// Starts listening on 127.0.0.1 and serving with `handler`, which runs on connection threads.
    public init(handler: @escaping @Sendable (Request) -> Response) throws(Error) {
        let listener = try Socket.listenOnLoopback()
        do throws(Error) {
            self.port = try Socket.localPort(of: listener)
            self.core = try Core(listener: listener, handler: handler)
        } catch {
            close(listener)
            throw error
        }
        try core.start()
    }

    deinit { stop() }

    /// `http://127.0.0.1:PORT` followed by `path`.
    public func url(_ path: String = "/") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Every request received so far, in arrival order.
    public var requests: [Request] { core.state.withLock { $0.requests } }

    /// Stops accepting, ends every connection, joins all threads and closes all sockets. Idempotent.
    public func stop() { core.stop() }

    /// A loopback port on which nothing listens (bound, then closed), for "connection refused" tests.
    public static func unusedPort() throws(Error) -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Error(function: "socket", errno: errno) }
        defer { close(fd) }
        try Socket.bindLoopback(fd)
        return try Socket.localPort(of: fd)
    }
}
