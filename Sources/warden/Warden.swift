import ArgumentParser

/// The `warden` command line: one subcommand per job; `run` is the systemd `ExecStart`.
@main
struct Warden: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warden",
        abstract: "Sidecar watchdog and exit monitor for the trading pipeline.",
        subcommands: [RunCommand.self, CheckCommand.self, StatusCommand.self, AlertTestCommand.self, PaperExchangeCommand.self, CloseCommand.self,
                      DemoCommand.self]
    )

    /// Where the daemon and the tools look for their configuration by default.
    static let defaultConfigPath = "/etc/warden/warden.toml"
}
