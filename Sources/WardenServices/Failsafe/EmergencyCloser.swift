public import Binance
import Blocking
public import Logging
public import Redis
public import WardenCore

/// Carries out the ``EmergencyDesk``'s actions against Binance, in order: incidents are persisted
/// in Redis (hash ``Settings/incidentsKey``, JSON per position key) before the send they protect,
/// the kill-switch key is read before every decision, and every step is audited on `warden.audit`
/// (`event=emergency_close`) and logged with `warden.event=EMERGENCY_CLOSE`.
///
/// Redis holds the incidents because the kill switch and the audit live there too: when Redis
/// cannot be reached the kill switch cannot be read and the incident cannot be persisted, so
/// nothing is sent (fail closed) — the same rule for all three.
public actor EmergencyCloser {
    public struct Settings: Sendable {
        public var mode: EmergencyMode
        public var killSwitch: Bool
        public var killSwitchKey: String
        public var maxOrdersPerHour: Int
        public var auditStream: String
        public var incidentsKey: String
        /// Sorted set of the sends of the last hour (score: ms), for the rate limit across restarts.
        public var sendsKey: String
        /// Between two queries of an order whose answer was `live` or `failed`.
        public var queryPause: Duration
        /// Queries of one unknown outcome before the closer stops asking (the next ``resume()`` asks again).
        public var maxQueries: Int

        public init(mode: EmergencyMode, killSwitch: Bool = false, killSwitchKey: String = "warden:emergency:kill",
                    maxOrdersPerHour: Int = 10, auditStream: String = "warden.audit",
                    incidentsKey: String = "warden:failsafe:incidents", sendsKey: String = "warden:failsafe:sends",
                    queryPause: Duration = .milliseconds(500), maxQueries: Int = 20) {
            self.mode = mode
            self.killSwitch = killSwitch
            self.killSwitchKey = killSwitchKey
            self.maxOrdersPerHour = maxOrdersPerHour
            self.auditStream = auditStream
            self.incidentsKey = incidentsKey
            self.sendsKey = sendsKey
            self.queryPause = queryPause
            self.maxQueries = maxQueries
        }

        public init(_ config: WardenConfig) {
            self.init(mode: config.emergency.mode, killSwitch: config.emergency.killSwitch,
                      killSwitchKey: config.emergency.killSwitchKey, maxOrdersPerHour: config.emergency.maxOrdersPerHour,
                      auditStream: config.streams.audit)
        }
    }

    /// For `/health`.
    public struct Health: Sendable, Hashable {
        public var openIncidents: Int
        public var ordersSent: Int
        public var lastOutcome: String?
    }

    let settings: Settings
    let binance: BinanceClient
    let redis: RedisClient
    let logger: Logger
    var desk: EmergencyDesk
    var filters: [String: LotFilter] = [:]
    /// Keys whose actions are being carried out right now (an actor suspends on every call).
    var busy: Set<PositionKey> = []
    /// The last record of each incident that reached Redis: what a failed `persist` rolls back to.
    var persisted: [PositionKey: EmergencyIncident] = [:]
    var ordersSent = 0
    var lastOutcome: String?
    var onNotice: (@Sendable (PositionKey, String) -> Void)?
    /// Escalations handed over without waiting (``submit(_:why:)``); ``FailsafeService`` carries them out.
    nonisolated let requests: AsyncStream<(PositionKey, String)>
    nonisolated let requestSink: AsyncStream<(PositionKey, String)>.Continuation

    public init(settings: Settings, binance: BinanceClient, redis: RedisClient, logger: Logger,
                onNotice: (@Sendable (PositionKey, String) -> Void)? = nil) {
        self.settings = settings
        self.binance = binance
        self.redis = redis
        self.logger = logger
        self.onNotice = onNotice
        self.desk = EmergencyDesk(mode: settings.mode, killSwitch: settings.killSwitch,
                                  maxOrdersPerHour: settings.maxOrdersPerHour)
        (requests, requestSink) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1000))
    }

    /// Reads the exchange's time so the first emergency order is signed with a current offset
    /// (a -1021 still resyncs and retries once). Called at start and on every failsafe cycle.
    public func syncClock() async {
        _ = try? await binance.syncTime()
    }

    /// Called with every notice (the `EmergencyClose` alert's text).
    public func setOnNotice(_ hook: (@Sendable (PositionKey, String) -> Void)?) { onNotice = hook }

    public var health: Health {
        Health(openIncidents: desk.incidents.values.filter(\.isOpen).count, ordersSent: ordersSent, lastOutcome: lastOutcome)
    }

    /// The current incident of `key`, if any.
    public func incident(_ key: PositionKey) -> EmergencyIncident? { desk.incidents[key] }

    /// Opens an incident for `key` (nothing happens if one is open) and carries it as far as it goes.
    public func escalate(_ key: PositionKey, why: String) async {
        guard !busy.contains(key) else { return }
        await drive(key, desk.open(key, why: why, now: Self.now()))
    }

    /// ``escalate(_:why:)`` without waiting: for callers (the exit path's writer) that must not
    /// block while an incident runs (up to ``Settings/maxQueries`` paced queries).
    public nonisolated func submit(_ key: PositionKey, why: String) {
        requestSink.yield((key, why))
    }

    /// Loads persisted incidents (after a restart) and resumes the open ones. An order that was
    /// being sent is queried, never sent again blindly. Returns false when Redis could not be read.
    @discardableResult
    public func restore() async -> Bool {
        let saved: [EmergencyIncident]
        do {
            let reply = try await redis.command(["HGETALL", settings.incidentsKey])
            let items = reply.array ?? []
            var out: [EmergencyIncident] = []
            for pair in stride(from: 0, to: items.count - 1, by: 2) {
                guard let text = items[pair + 1].string, let i = IncidentRecord.decode(text) else {
                    logger.error("unreadable emergency incident record", metadata: ["field": "\(items[pair].string ?? "?")"])
                    continue
                }
                out.append(i)
            }
            saved = out
        } catch {
            logger.error("cannot read emergency incidents", metadata: ["error": "\(error)"])
            return false
        }
        guard await loadSends() else { return false }
        let fresh = saved.filter { desk.incidents[$0.key] == nil && !busy.contains($0.key) }
        for i in fresh { persisted[i.key] = i }
        await run(desk.restore(fresh))
        return true
    }

    /// Re-drives open incidents that stopped part-way (a failed read, an unknown outcome still
    /// unresolved after ``Settings/maxQueries``). Safe to call periodically; never sends blindly.
    public func resume() async {
        for i in desk.incidents.values.sorted(by: { $0.key < $1.key }) where i.isOpen && !busy.contains(i.key) {
            switch i.phase {
            case .unknownOutcome(let o): await drive(i.key, [.queryOrder(symbol: o.symbol, clientOrderID: o.clientOrderID)])
            case .needPosition, .confirming, .reduceOnlyRejected, .notFound, .retrying: await drive(i.key, [.readPosition(i.key)])
            case .sending, .done, .halted: break
            }
        }
    }

    static func now() -> WallTime { WallTime(milliseconds: SystemTime.milliseconds()) }

    /// Reads the last hour's sends (this process's and any other's: an earlier run, `warden
    /// close`) into the rate limit, and drops older ones. False when Redis could not be read.
    func loadSends() async -> Bool {
        let now = Self.now()
        let hourAgo = String(now.milliseconds - 3_600_000)
        do {
            _ = try await redis.command(["ZREMRANGEBYSCORE", settings.sendsKey, "-inf", "(" + hourAgo])
            let reply = try await redis.command(["ZRANGEBYSCORE", settings.sendsKey, hourAgo, "+inf", "WITHSCORES"])
            let items = reply.array ?? []
            let times = stride(from: 1, to: items.count, by: 2).compactMap { items[$0].string.flatMap(Double.init) }
                .map { WallTime(milliseconds: Int64($0)) }
            desk.restoreSends(times, now: now)
            return true
        } catch {
            logger.error("cannot read the emergency sends of the last hour", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// Records a send for the rate limit before it goes out; false (and nothing is sent) when
    /// Redis refuses, like a failed persist.
    func recordSend(_ order: EmergencyOrder) async -> Bool {
        let now = Self.now()
        do {
            // One round trip on the emergency path; the key outlives the hour it counts by one more.
            let replies = try await redis.pipeline([
                ["ZADD", settings.sendsKey, String(now.milliseconds), "\(now.milliseconds):\(order.clientOrderID)"],
                ["EXPIRE", settings.sendsKey, "7200"],
            ])
            if case .error(let message)? = replies.first {
                logger.error("cannot record the emergency send", metadata: ["error": "\(message)"])
                return false
            }
            return true
        } catch {
            logger.error("cannot record the emergency send", metadata: ["error": "\(error)"])
            return false
        }
    }
}

extension EmergencyCloser {
    /// A closer wired from the configuration, with its own Redis connection and Binance client
    /// (`warden close`, and `WardenApp` when it adds the failsafe). `mode` overrides `emergency.mode`.
    /// - Parameter metrics: where its Redis and exchange calls' latencies go, if anywhere.
    public static func make(config: WardenConfig, mode: EmergencyMode? = nil, logger: Logger,
                            onNotice: (@Sendable (PositionKey, String) -> Void)? = nil,
                            metrics: WardenMetrics? = nil) -> EmergencyCloser {
        var settings = Settings(config)
        if let mode { settings.mode = mode }
        let redis = RedisClient(endpoint: WardenApp.endpoint(config.redis.address), connectTimeout: config.redis.connectTimeout,
                                commandTimeout: config.redis.commandTimeout, onRequest: metrics?.redisObserver)
        let binance = BinanceClient(configuration: .init(
            baseURL: config.binance.baseURL, apiKey: config.secrets.binanceAPIKey, apiSecret: config.secrets.binanceAPISecret,
            recvWindow: config.binance.recvWindow, timeout: config.binance.timeout), label: "warden.failsafe",
            onRequest: metrics?.exchangeObserver)
        return EmergencyCloser(settings: settings, binance: binance, redis: redis, logger: logger, onNotice: onNotice)
    }
}
