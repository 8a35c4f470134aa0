import Blocking
import Binance
public import Logging
import Redis
public import ServiceLifecycle
import Systemd
public import WardenCore

/// Warden as a set of services, built from a validated config. `warden run` runs them in one
/// `ServiceGroup`; tests, the demo and the benchmarks embed the same thing in-process.
public struct WardenApp: Sendable {
    public let config: WardenConfig
    public let monitor: ExitMonitor
    public let progress: ProgressBoard
    public let readiness: Readiness
    public let supervisors: SupervisorState
    public let alerts: AlertDispatcher
    public let errors: ErrorFeed
    /// The failsafe: emergency reduce-only closes when the exit path is broken.
    public let closer: EmergencyCloser
    /// `/metrics`: the app's own Prometheus registry and the latency hooks of its adapters.
    public let metrics: WardenMetrics
    let notices: EmergencyNotices
    let failpoints: Failpoints
    let consumerName: String
    let logger: Logger

    /// - Parameters:
    ///   - hostname: names this Warden in alerts (`instance`, PagerDuty `source`).
    ///   - errors: where Warden's own error logs land for RepeatedErrors (see ``ErrorFeed/handler(wrapping:)``).
    public init(config: WardenConfig, rules: SupervisionRules = .defaults, consumerName: String, hostname: String = "warden",
                errors: ErrorFeed = ErrorFeed(), failpoints: Failpoints = .none, logger: Logger) {
        self.config = config
        self.consumerName = consumerName
        self.failpoints = failpoints
        self.logger = logger
        self.errors = errors
        let metrics = WardenMetrics()
        self.metrics = metrics
        self.monitor = ExitMonitor(policy: ExitPolicy(config.exit), confirmTimeout: config.exit.confirmTimeout,
                                   maxPriceAge: config.exit.maxPriceAge)
        self.progress = ProgressBoard()
        self.readiness = Readiness()
        self.supervisors = SupervisorState(rules: rules, streams: config.streams, safeModeKey: config.safety.safeModeKey)
        var alertLogger = logger
        alertLogger[metadataKey: "warden.service"] = "alerts"
        self.alerts = AlertDispatcher(
            routes: config.alerts.routes, stateDirectory: config.state.directory,
            settings: .init(source: hostname, generatorURL: "http://\(config.health.host):\(config.health.port)/health"),
            progress: progress, logger: alertLogger)
        let notices = EmergencyNotices()
        self.notices = notices
        var failsafeLogger = logger
        failsafeLogger[metadataKey: "warden.service"] = "failsafe"
        self.closer = EmergencyCloser.make(config: config, logger: failsafeLogger, onNotice: { key, text in
            notices.note(key, text, at: WallTime(milliseconds: SystemTime.milliseconds()))
        }, metrics: metrics)
    }

    /// Each loop gets its own Redis connection, so a slow call in one never delays another.
    func redis(_ label: String) -> RedisClient {
        RedisClient(endpoint: Self.endpoint(config.redis.address), connectTimeout: config.redis.connectTimeout,
                    commandTimeout: config.redis.commandTimeout, onRequest: metrics.redisObserver)
    }

    static func endpoint(_ a: RedisAddress) -> RedisEndpoint {
        switch a {
        case .tcp(let host, let port, let db, let password):
            RedisEndpoint(address: .tcp(host: host, port: port), database: db, password: password)
        case .unix(let path, let db, let password):
            RedisEndpoint(address: .unix(path: path), database: db, password: password)
        }
    }

    func exchange(_ label: String) -> BinanceClient {
        BinanceClient(configuration: .init(
            baseURL: config.binance.baseURL, apiKey: config.secrets.binanceAPIKey, apiSecret: config.secrets.binanceAPISecret,
            recvWindow: config.binance.recvWindow, timeout: config.binance.timeout), label: label,
            onRequest: metrics.exchangeObserver)
    }

    /// The services, in start order; ServiceGroup shuts them down in reverse, so the health
    /// server and the watchdog, listed first, stay up until the end.
    /// - Parameter onHealthBound: told the health server's port (useful with `health.listen` port 0).
    public func services(onHealthBound: @escaping @Sendable (Int) async -> Void = { _ in }) -> [any Service] {
        let closer = self.closer, notices = self.notices
        let writer = BookActionWriter(streams: config.streams, logger: logger, escalate: { closer.submit($0, why: $1) })
        let log = { (service: String) in var l = logger; l[metadataKey: "warden.service"] = "\(service)"; return l }
        let monitor = self.monitor, progress = self.progress, readiness = self.readiness
        let errors = self.errors, supervisors = self.supervisors, alerts = self.alerts
        func loop(_ name: String, deadline: Duration) -> BookLoop {
            BookLoop(redis: redis(name), monitor: monitor, writer: writer,
                     progress: progress.loop(name, deadline: deadline), logger: log(name), errors: errors)
        }
        let exchangeCalls = config.binance.timeout * 3
        return [
            HealthServer(host: config.health.host, port: config.health.port, logger: log("health"),
                         report: {
                             await HealthAssembler.report(monitor: monitor, progress: progress, readiness: readiness,
                                                          supervisors: supervisors, alerts: alerts, closer: closer)
                         },
                         metrics: { await self.metricsPage() },
                         onBound: onHealthBound),
            WatchdogService(progress: progress, monitor: monitor, readiness: readiness, supervisors: supervisors,
                            logger: log("watchdog")),
        ] + alerts.services + [  // before the supervisors: stopped after them, so their last alerts are queued
            ExecutionConsumer(
                settings: .init(stream: config.streams.executionResults, group: config.consumer.group, consumer: consumerName,
                                deadletter: config.streams.deadletter, batchSize: config.consumer.batchSize,
                                block: config.consumer.block, reclaimIdle: config.consumer.reclaimIdle),
                loop: loop("execution-consumer", deadline: .seconds(15))),
            PriceIntake(stream: config.streams.priceUpdates, loop: loop("price-intake", deadline: .seconds(15))),
            MarkPricePoller(interval: config.exit.pricePollInterval, exchange: exchange("warden.binance.prices"),
                            loop: loop("mark-price-poll", deadline: config.exit.pricePollInterval + exchangeCalls + .seconds(5))),
            PositionBootstrap(interval: config.exit.bootstrapInterval, exchange: exchange("warden.binance.positions"),
                              loop: loop("bootstrap", deadline: config.exit.bootstrapInterval + exchangeCalls + .seconds(10)),
                              onFirstLoad: { await readiness.bootstrapped() }),
            ExitCheck(loop: loop("exit-check", deadline: .seconds(10)), failpoints: failpoints),
            PipelineSupervisor(
                settings: .init(interval: config.alerts.interval, safeModeKey: config.safety.safeModeKey, streams: config.streams),
                state: supervisors, redis: redis("supervisor"), exchange: exchange("warden.binance.probe"),
                units: supervisors.rules.units.isEmpty ? nil : UnitWatch(units: supervisors.rules.units), monitor: monitor,
                errors: errors, alerts: alerts, progress: progress.loop("supervisor", deadline: config.alerts.interval + .seconds(20)),
                logger: log("supervisor"), notices: notices, escalate: { closer.submit($0, why: $1) }),
            FailsafeService(closer: closer, progress: progress.loop("failsafe", deadline: .seconds(60))),
            ReadinessService(readiness: readiness, maxWait: config.startup.maxWait, monitor: monitor, logger: log("readiness")),
        ]
    }
}
