import ArgumentParser
import Logging
import WardenCore
import WardenServices

/// `warden close SYMBOL --config PATH [--dry-run]`: the manual emergency close, through the same
/// ``EmergencyCloser`` as the automatic path (kill switch, rate limit, persisted incident, audit).
struct CloseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close", abstract: "Emergency-close a symbol now: MARKET, reduce-only, straight to Binance.",
        discussion: """
            Mode is armed (whatever emergency.mode says) unless --dry-run; the kill switch \
            (emergency.kill_switch and the Redis key emergency.kill_switch_key) still blocks it. \
            Exit 0: closed or already flat; 3: dry-run planned an order; 1: anything else.
            """)

    @Argument(help: "The symbol, e.g. BTCUSDT.")
    var symbol: String

    @Option(help: "Path of the TOML configuration file.")
    var config: String = Warden.defaultConfigPath

    @Flag(help: "Plan the order and print it; send nothing.")
    var dryRun = false

    func run() async throws {
        let outcome = ConfigLoader().load(path: config)
        guard let config = outcome.config else {
            for problem in outcome.problems { printToStandardError("error: \(problem)") }
            throw ExitCode(78)
        }
        let symbol = symbol.uppercased()
        guard ClientOrderID.isValid(symbol), symbol.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            printToStandardError("error: not a symbol: \(symbol)")
            throw ExitCode(64)
        }
        let logger = Logger(label: "warden.close") { StreamLogHandler.standardError(label: $0) }
        let closer = EmergencyCloser.make(config: config, mode: dryRun ? .dryRun : .armed, logger: logger)
        let result = await closer.close(symbol: symbol, why: "manual: warden close")
        print(result.text)
        switch result.result {
        case .closed: return
        case .dryRun: throw ExitCode(3)
        case .failed: throw ExitCode(1)
        }
    }
}
