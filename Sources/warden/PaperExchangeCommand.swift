import ArgumentParser
import Glibc
import Logging
import PaperExchange
import ServiceLifecycle
import Systemd
import UnixSignals
import WardenCore

/// `warden paper-exchange --listen HOST:PORT`: a local Binance USDⓈ-M–compatible exchange.
///
/// Prints `paper-exchange listening on http://HOST:PORT` on stdout once bound (port 0 picks a
/// free one), serves until SIGTERM or SIGINT, then exits 0.
struct PaperExchangeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paper-exchange",
        abstract: "Run a local Binance USDⓈ-M–compatible paper exchange (demo, tests, rehearsals).")

    @Option(help: "Address to listen on; port 0 picks a free port.")
    var listen: String = "127.0.0.1:0"

    @Option(help: "The API key requests must carry (X-MBX-APIKEY).")
    var apiKey: String = PaperExchange.defaultAPIKey

    @Option(help: "The secret requests are signed with (HMAC-SHA256).")
    var apiSecret: String = PaperExchange.defaultSecret

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "notice"

    func run() async throws {
        guard let (host, port) = HTTPAddress.parseListen(listen) else {
            printToStandardError("error: --listen \(listen): expected HOST:PORT, e.g. 127.0.0.1:8008")
            throw ExitCode(64)
        }
        let level = Logger.Level(rawValue: logLevel) ?? .notice
        LoggingSystem.bootstrap { label in
            var handler = WardenLogHandler.make(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "warden.paper-exchange")
        let store = PaperExchange.Store(PaperExchange.State(apiKey: apiKey, secret: apiSecret))
        let server = PaperExchangeServer(host: host, port: port, store: store, logger: logger) { bound in
            let shown = host.contains(":") ? "[\(host)]" : host
            // One write(2), unbuffered: a parent reading a pipe sees the line at once.
            var line = Array("paper-exchange listening on http://\(shown):\(bound)\n".utf8)
            _ = line.withUnsafeMutableBytes { write(1, $0.baseAddress, $0.count) }
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: server)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
