import Blocking
import HTTP
public import Logging
public import ServiceLifecycle
public import WardenCore

/// Takes alert transitions and queues one notification per route that is owed one, in a durable
/// outbox under `<state.dir>/outbox/<route>/`; one ``RouteDelivery`` loop per route sends them.
///
/// `handle` returns once the notifications are on disk (fsync'd): it never waits for HTTP.
/// The actor runs on its own `BlockingExecutor` thread because it writes and fsyncs files; its
/// methods never suspend in the middle, so notifications are queued in exactly the order decided.
public actor AlertDispatcher {
    nonisolated let executor = BlockingExecutor(label: "warden.alerts.outbox")
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    public nonisolated let routes: [AlertRoute]
    nonisolated let stats: [String: RouteStats]
    nonisolated let doorbells: [String: Doorbell]
    nonisolated let progress: ProgressBoard
    nonisolated let clients: [String: HTTPClient]
    nonisolated let settings: Settings
    nonisolated let logger: Logger
    var machine: AlertRouting.StateMachine
    let outboxes: [String: RouteOutbox]
    var loaded = false
    /// `state.dir`, and the file the firing alerts are kept in (see `AlertDispatcher+Firing`).
    nonisolated let stateDirectory: String?
    nonisolated let firingFile: String?
    var restored: [Alert] = []
    var lastFiringBytes: [UInt8]?
    var firingWriteFailed = false

    /// - Parameters:
    ///   - stateDirectory: `state.dir`; the outbox lives in its `outbox/` subdirectory. Nil: memory only.
    ///   - progress: each route's loop and the re-notification loop report to it (critical loops),
    ///     registered when ``services`` is read.
    public init(routes: [AlertRoute], stateDirectory: String?, settings: Settings = Settings(), progress: ProgressBoard, logger: Logger) {
        self.routes = routes
        self.settings = settings
        self.logger = logger
        self.progress = progress
        self.stateDirectory = stateDirectory
        self.firingFile = stateDirectory.map { "\($0)/alerts-firing.json" }
        machine = AlertRouting.StateMachine(routes: routes.map(AlertRouting.Route.init))
        var stats: [String: RouteStats] = [:], outboxes: [String: RouteOutbox] = [:], doorbells: [String: Doorbell] = [:]
        var clients: [String: HTTPClient] = [:]
        for route in routes {
            stats[route.name] = RouteStats(name: route.name, kind: route.kind)
            outboxes[route.name] = RouteOutbox(
                route: route.name, directory: stateDirectory.map { OutboxDirectory(path: "\($0)/outbox/\(route.name)") },
                capacity: settings.outboxCapacity, stats: stats[route.name]!, logger: Self.logger(logger, route: route.name))
            doorbells[route.name] = Doorbell()
            clients[route.name] = HTTPClient(label: "warden.alerts.\(route.name)")
        }
        (self.stats, self.outboxes, self.doorbells, self.clients) = (stats, outboxes, doorbells, clients)
    }

    /// The re-notification loop's name on the progress board.
    public static let tickerLoop = "alert-dispatcher"

    /// The progress-board name of `route`'s delivery loop.
    public static func loopName(_ route: String) -> String { "alert-route-\(route)" }

    /// The dispatcher's services: the re-notification loop, then one delivery loop per route.
    /// Reading this registers their loops on the progress board, so run them (once: they share
    /// this dispatcher's state), e.g. in the app's ServiceGroup.
    public nonisolated var services: [any Service] {
        [AlertRenotifier(dispatcher: self, progress: progress.loop(Self.tickerLoop, deadline: .seconds(15)), interval: settings.tickInterval)]
            + routes.map { route in
                // Deadline: one attempt at its timeout, plus slack; idle waits and back-offs report every second.
                RouteDelivery(route: route, dispatcher: self, sender: sender(for: route), stats: stats[route.name]!,
                              doorbell: doorbells[route.name]!,
                              progress: progress.loop(Self.loopName(route.name), deadline: route.timeout + .seconds(15)),
                              backoff: settings.backoff,
                              logger: Self.logger(logger, route: route.name))
            }
    }

    /// Each route's delivery state, in configuration order. Never waits for disk or network.
    public nonisolated func health() -> [RouteHealth] {
        routes.compactMap { stats[$0.name]?.snapshot }
    }

    /// `base` with `warden.route` set: every line about a route names it (never its URL).
    static func logger(_ base: Logger, route: String) -> Logger {
        var logger = base
        logger[metadataKey: "warden.route"] = "\(route)"
        return logger
    }

    nonisolated func sender(for route: AlertRoute) -> RouteSender {
        RouteSender(route: route, client: clients[route.name]!, source: settings.source, generatorURL: settings.generatorURL)
    }
}
