internal import Blocking
internal import Hummingbird
public import Logging
public import ServiceLifecycle
internal import WardenCore

/// The paper exchange over HTTP: Binance routes under `/fapi/…`, the admin API under `/admin/…`.
///
/// A thin layer: it reads the raw query, body and `X-MBX-APIKEY`, lets ``PaperExchange/State``
/// decide under the store's lock, holds the answer back when a timeout fault says so (the work
/// is already done), and writes the answer. `run()` returns when graceful shutdown completes and
/// throws if the address cannot be bound.
public struct PaperExchangeServer: Service {
    public let store: PaperExchange.Store
    let host: String
    let port: Int
    let logger: Logger
    let onBound: @Sendable (Int) async -> Void

    /// - Parameters:
    ///   - port: 0 lets the kernel pick one; `onBound` is told which.
    public init(host: String = "127.0.0.1", port: Int = 0, store: PaperExchange.Store = PaperExchange.Store(),
                logger: Logger, onBound: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.host = host
        self.port = port
        self.store = store
        self.logger = logger
        self.onBound = onBound
    }

    public func run() async throws {
        let store = self.store, onBound = self.onBound, logger = self.logger
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            try await Self.respond(to: request, store: store, logger: logger)
        }
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: port), serverName: "paper-exchange"),
            onServerRunning: { channel in await onBound(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.run()
    }

    static func respond(to request: Request, store: PaperExchange.Store, logger: Logger) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        let call = PaperExchange.Request(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
            body: String(buffer: body), apiKey: request.headers[values: HTTPFields.Element.Name("X-MBX-APIKEY")!].first)
        let now = WallTime(milliseconds: SystemTime.milliseconds())
        let reply = call.path.hasPrefix("/admin/")
            ? store.withState { $0.handleAdmin(call, now: now) }
            : store.withState { $0.handle(call, now: now) }
        if call.path == "/fapi/v1/order" && call.method != "GET" {
            logger.info("order \(call.method) → HTTP \(reply.status)\(reply.code.map { " code \($0)" } ?? "")",
                        metadata: ["paper.body": "\(reply.body.prefix(300))"])
        }
        if let hold = reply.hold { try await Task.sleep(for: hold) }
        var headers = HTTPFields()
        for (name, value) in reply.headers {
            if let name = HTTPFields.Element.Name(name) { headers.append(HTTPFields.Element(name: name, value: value)) }
        }
        return Response(status: .init(code: reply.status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: reply.body)))
    }
}
