import Binance
import HTTP
import InMemoryLogging
import Logging
import PaperExchange
import Redis
import Testing
import WardenCore
import WardenServices
import WardenTestSupport
import Synchronization

/// A real redis-server and an in-process paper exchange (port 0) for failsafe tests.
struct FailsafeFixture: Sendable {
    let redisServer: RedisServer
    let store: PaperExchange.Store
    let port: Int
    let logs = InMemoryLogHandler()

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func binance() -> BinanceClient {
        BinanceClient(configuration: .init(baseURL: baseURL, apiKey: Secret(PaperExchange.defaultAPIKey, source: "test"),
                                           apiSecret: Secret(PaperExchange.defaultSecret, source: "test"),
                                           recvWindow: .seconds(5), timeout: .seconds(2)))
    }

    func redis() throws -> RedisClient { try RedisClient(url: redisServer.url) }

    func closer(_ mode: EmergencyMode = .armed, queryPause: Duration = .milliseconds(100),
                notices: NoticeLog? = nil) throws -> EmergencyCloser {
        let handler = logs
        var hook: (@Sendable (PositionKey, String) -> Void)?
        if let notices { hook = { key, text in notices.append("\(key): \(text)") } }
        return EmergencyCloser(settings: .init(mode: mode, queryPause: queryPause), binance: binance(), redis: try redis(),
                               logger: Logger(label: "failsafe-test") { _ in handler }, onNotice: hook)
    }

    @discardableResult
    func admin(_ path: String, _ json: String) async throws -> HTTPResponse {
        let r = try await HTTPClient(label: "paper-admin").send(HTTPRequest(
            method: .post, url: baseURL + path, headers: [HTTPHeader("Content-Type", "application/json")],
            body: Array(json.utf8), totalTimeout: .seconds(5)))
        #expect(r.status == 200, "\(path): \(r.text)")
        return r
    }

    var orders: [PaperExchange.Order] { store.withState { $0.orders } }

    func amount(_ symbol: String, _ side: PaperExchange.PositionSide = .both) -> String {
        store.withState { $0.positions[PaperExchange.PositionKey(symbol: symbol, side: side)]?.amount ?? .zero }.description
    }

    func auditEntries() async throws -> [[String: String]] {
        let reply = try await redis().command(["XRANGE", "warden.audit", "-", "+"])
        return (reply.array ?? []).map { entry in
            let f = entry.array?.last?.array ?? []
            var d: [String: String] = [:]
            for i in stride(from: 0, to: f.count - 1, by: 2) { d[f[i].string ?? ""] = f[i + 1].string ?? "" }
            return d
        }
    }

    /// Runs `body` with a fresh redis-server and paper exchange.
    static func with(_ body: @Sendable (FailsafeFixture) async throws -> Void) async throws {
        let redisServer = try await RedisServer.start()
        let store = PaperExchange.Store(PaperExchange.State())
        let (ports, bound) = AsyncStream.makeStream(of: Int.self)
        let server = PaperExchangeServer(host: "127.0.0.1", port: 0, store: store,
                                         logger: Logger(label: "paper") { _ in SwiftLogNoOpLogHandler() },
                                         onBound: { bound.yield($0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            var it = ports.makeAsyncIterator()
            guard let port = await it.next(), port > 0 else { group.cancelAll(); throw FixtureError() }
            do {
                try await body(FailsafeFixture(redisServer: redisServer, store: store, port: port))
            } catch {
                group.cancelAll()
                await redisServer.stop()
                throw error
            }
            group.cancelAll()
            await redisServer.stop()
        }
    }
}

/// Notices passed to `onNotice`, in order.
final class NoticeLog: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ s: String) { lines.withLock { $0.append(s) } }
    var all: [String] { lines.withLock { $0 } }
}
struct FixtureError: Error {}
