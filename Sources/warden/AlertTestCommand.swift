import ArgumentParser
import Blocking
import HTTP
import WardenCore
import WardenServices

/// `warden alert-test --config PATH`: one test alert and its resolve through every route,
/// directly (not through the outbox), one attempt each, routes in parallel.
///
/// The test alert is `RepeatedErrors` about the subject `warden-alert-test`, labelled
/// `test=true`, with a summary that starts "Warden alert-test". Alert names are a fixed set that
/// receivers route on, so it borrows one rather than inventing one; its own subject gives it its
/// own fingerprint and PagerDuty dedup key, so its resolve can never close a real incident.
///
/// Exit status: 0 every route took both, 1 a route failed, 2 the configuration is unusable.
struct AlertTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alert-test",
        abstract: "Send a test alert and its resolve through every alert route and print each route's result.",
        discussion: "Exits 0 when every route accepted both, 1 when any route failed, 2 on a configuration problem.")

    @Option(help: "Path of the TOML configuration file.")
    var config: String = Warden.defaultConfigPath

    @Option(help: "Only the route with this name.")
    var route: String?

    @Option(help: "Severity of the test alert (warning | critical).")
    var severity: String = Severity.warning.rawValue

    @Option(name: .customLong("resolve-after"), help: "Seconds to wait between the alert and its resolve.")
    var resolveAfter: Int = 0

    /// The subject of every test alert; no supervisor uses it.
    static let subject = "warden-alert-test"

    func run() async throws {
        let outcome = ConfigLoader().load(path: config)
        guard let loaded = outcome.config else {
            for problem in outcome.problems { printToStandardError("error: \(problem)") }
            throw ExitCode(2)
        }
        guard let severity = Severity(rawValue: severity), (0...3600).contains(resolveAfter) else {
            printToStandardError("error: --severity must be warning or critical, --resolve-after from 0 to 3600")
            throw ExitCode(2)
        }
        let routes = loaded.alerts.routes.filter { route == nil || $0.name == route }
        guard !routes.isEmpty else {
            printToStandardError(route.map { "error: no alert route named \($0)" } ?? "error: no [[alerts.route]] configured; alerts are only logged")
            throw ExitCode(2)
        }
        let host = RunCommand.hostname()
        let senders = routes.map { route in
            RouteSender(route: route, client: HTTPClient(label: "warden.alert-test.\(route.name)"), source: host,
                        generatorURL: "http://\(loaded.health.host):\(loaded.health.port)/health")
        }
        let results = await Self.sendAll(senders, severity: severity, host: host, resolveAfter: .seconds(resolveAfter))
        var failed = 0
        for (sender, result) in zip(senders, results) {
            let ok = DeliveryPolicy.classify(result.firing) == .delivered && DeliveryPolicy.classify(result.resolved) == .delivered
            if !ok { failed += 1 }
            print("route \(sender.route.name) (\(sender.route.kind.rawValue)): firing \(Self.describe(result.firing)); resolved \(Self.describe(result.resolved))")
        }
        print("alert-test: \(routes.count - failed) of \(routes.count) route(s) OK")
        if failed > 0 { throw ExitCode(1) }
    }
}
