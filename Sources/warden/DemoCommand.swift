import ArgumentParser
import Logging
import WardenDemo

/// `warden demo`: the embedded default — a complete local run (see ``WardenDemo``).
///
/// Exit status: 0 when everything the demo shows happened, 1 when something did not, 130 when
/// interrupted. Needs only the build and `redis-server` on PATH.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the embedded demo: redis-server, paper exchange, three positions, a broken exit path, alerts.")

    @Flag(help: "Also show Warden's info-level log lines on the timeline.")
    var verbose = false

    func run() async throws {
        // Everything in the demo logs through the timeline; nothing else writes to the terminal.
        LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
        let status = await WardenDemo.run(verbose: verbose)
        if status != 0 { throw ExitCode(status) }
    }
}
