import ArgumentParser
import Glibc
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import UnixSignals
import Systemd
import WardenCore
import WardenServices

/// `warden run --config PATH`: the daemon (systemd `ExecStart`).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the daemon: exit monitor, supervisors, watchdog, health server.")

    @Option(help: "Path of the TOML configuration file.")
    var config: String = Warden.defaultConfigPath

    func run() async throws {
        Self.letSIGABRTTerminate()
        Self.useOneMallocArena()
        let outcome = ConfigLoader().load(path: config)
        guard let config = outcome.config else {
            for problem in outcome.problems { printToStandardError("error: \(problem)") }
            throw ExitCode(78)  // EX_CONFIG: systemd's Restart=on-failure still applies; the journal says why.
        }
        let level = Logger.Level(rawValue: config.log.level.rawValue) ?? .info
        // Warden's own error logs also feed RepeatedErrors.
        let errors = ErrorFeed()
        LoggingSystem.bootstrap { label in
            var handler = errors.handler(wrapping: WardenLogHandler.make(label: label))
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "warden")
        let failpoints = Self.failpoints(logger: logger)
        let hostname = Self.hostname()
        let app = WardenApp(config: config, rules: outcome.rules ?? .defaults,
                            consumerName: config.consumer.resolvedName(hostname: hostname), hostname: hostname,
                            errors: errors, failpoints: failpoints, logger: logger)
        // Anything reporting through swift-metrics lands on the app's own registry, served at /metrics.
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: app.metrics.registry))
        var configuration = ServiceGroupConfiguration(
            services: (app.services() + [HeapTrim()]).map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // Below the unit's TimeoutStopSec=20s: past this, the remaining services are cancelled.
        configuration.maximumGracefulShutdownDuration = .seconds(15)
        let group = ServiceGroup(configuration: configuration)
        logger.notice("starting", metadata: ["warden.event": "STARTING", "config": "\(self.config)"])
        try await group.run()
    }

    /// systemd ends a process that missed its watchdog with SIGABRT. The Swift runtime's crash
    /// handler catches SIGABRT to run `swift-backtrace`, which cannot start under the unit's
    /// `MemoryDenyWriteExecute=yes` ("cannot enable executable stack"); the handler gives up and
    /// the hung process lives on until `TimeoutAbortSec` (20 s) ends it with SIGKILL (seen under
    /// systemd 252). With the default action the abort ends it at once. Traps (fatalError,
    /// precondition) keep the crash handler.
    static func letSIGABRTTerminate() {
        signal(SIGABRT, SIG_DFL)
    }

    /// glibc gives every thread that allocates its own malloc arena (up to 8 per core), and memory
    /// freed into one arena stays there for that arena's threads. Warden's loops run on many
    /// threads (the cooperative pool, each adapter's blocking thread, NIO's event loop), so a
    /// backlog applied on one thread and freed on another left heap behind in each: with 10,000
    /// positions RssAnon was 22 MB with the default and 10 MB with one arena (measured). The
    /// allocation rate is low (batches, not ticks), so one lock costs nothing measurable. Called
    /// before the services start their threads; threads that already have an arena keep it.
    static func useOneMallocArena() {
        GlibcMalloc.setArenaMax(1)
    }

    static func failpoints(logger: Logger) -> Failpoints {
        guard let text = getenv("WARDEN_FAILPOINTS").map({ String(cString: $0) }), !text.isEmpty else { return .none }
        let (points, problems) = FailpointAction.parse(text)
        for p in problems { logger.error("WARDEN_FAILPOINTS: \(p)") }
        logger.warning("failpoints active (tests only)", metadata: ["failpoints": "\(text)"])
        return Failpoints(points: points)
    }

    static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "host" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return bytes.isEmpty ? "host" : String(decoding: bytes, as: UTF8.self)
    }
}
