import ArgumentParser
import WardenCore

/// `warden check --config PATH`: validate the configuration and print it with secrets redacted.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration and print the effective config (secrets redacted).",
        discussion: "Exits 0 when valid; otherwise prints one line per problem, naming the key, and exits 1."
    )

    @Option(name: .long, help: "Path of the TOML configuration file.")
    var config: String = Warden.defaultConfigPath

    func run() throws {
        let outcome = ConfigLoader().load(path: config)
        guard outcome.config != nil else {
            for problem in outcome.problems {
                printToStandardError("error: \(problem)")
            }
            printToStandardError("\(config): \(outcome.problems.count) problem(s); Warden would not start")
            throw ExitCode(1)
        }
        print(EffectiveConfig.render(values: outcome.values, origins: outcome.origins, secrets: outcome.secrets,
                                     routes: outcome.routes, routeOrigins: outcome.routeOrigins), terminator: "")
        print("# \(config): OK")
    }
}
