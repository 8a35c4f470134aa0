import Binance
import HTTP
import Logging
import PaperExchange
import WardenCore

/// A paper exchange served on 127.0.0.1 (port 0) for the length of a test.
struct LiveExchange: Sendable {
    let store: PaperExchange.Store
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Warden's own client, unchanged, pointed at the exchange.
    func client(key: String = PaperExchange.defaultAPIKey, secret: String = PaperExchange.defaultSecret,
                timeout: Duration = .seconds(2)) -> BinanceClient {
        BinanceClient(configuration: .init(baseURL: baseURL, apiKey: Secret(key, source: "test"),
                                           apiSecret: Secret(secret, source: "test"), recvWindow: .seconds(5), timeout: timeout))
    }

    /// An admin call over HTTP.
    @discardableResult
    func admin(_ method: HTTPMethod, _ path: String, _ json: String = "") async throws -> HTTPResponse {
        try await HTTPClient(label: "paper-admin").send(HTTPRequest(
            method: method, url: baseURL + path, headers: [HTTPHeader("Content-Type", "application/json")],
            body: Array(json.utf8), totalTimeout: .seconds(5)))
    }

    /// Runs `body` with a live exchange over `state`, then shuts the server down.
    static func with<R: Sendable>(_ state: PaperExchange.State = PaperExchange.State(),
                                  _ body: (LiveExchange) async throws -> R) async throws -> R {
        let store = PaperExchange.Store(state)
        let (ports, bound) = AsyncStream.makeStream(of: Int.self)
        let server = PaperExchangeServer(host: "127.0.0.1", port: 0, store: store,
                                         logger: Logger(label: "paper-test") { _ in SwiftLogNoOpLogHandler() },
                                         onBound: { bound.yield($0) })
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                group.cancelAll()
                throw LiveExchangeError()
            }
            do {
                let result = try await body(LiveExchange(store: store, port: port))
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }
}

/// The server never reported a bound port.
struct LiveExchangeError: Error {}
