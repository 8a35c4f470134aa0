import ArgumentParser

@main
struct Warden: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warden",
        abstract: "Sidecar watchdog and exit monitor for the trading pipeline.",
        subcommands: []
    )
}
