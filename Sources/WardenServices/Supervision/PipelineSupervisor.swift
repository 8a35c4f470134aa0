import Blocking
public import Binance
public import Logging
public import Redis
public import ServiceLifecycle
public import WardenCore

/// Samples the pipeline every `interval` — Redis (safe mode, stream heads, consumer groups), the
/// book, the exchange, Warden's own errors — and hands the supervisors' alert transitions to the
/// dispatcher. Redis is read with one pipeline on its own connection; a failure makes every
/// Redis-derived check `unknown` (RedisUnreachable speaks for them).
public struct PipelineSupervisor: Service {
    public struct Settings: Sendable {
        public var interval: Duration
        public var exchangeProbeInterval: Duration
        public var safeModeKey: String
        public var streams: StreamNames

        public init(interval: Duration = .seconds(5), exchangeProbeInterval: Duration = .seconds(30),
                    safeModeKey: String, streams: StreamNames) {
            self.interval = interval
            self.exchangeProbeInterval = exchangeProbeInterval
            self.safeModeKey = safeModeKey
            self.streams = streams
        }
    }

    let settings: Settings
    let state: SupervisorState
    let redis: RedisClient
    let exchange: BinanceClient?
    let units: UnitWatch?
    let monitor: ExitMonitor
    let errors: ErrorFeed
    let alerts: AlertDispatcher
    let progress: ProgressReporter
    let logger: Logger
    let notices: EmergencyNotices?
    /// The failsafe's hand-over (``EmergencyCloser/submit(_:why:)``).
    let escalate: @Sendable (PositionKey, String) -> Void

    public init(settings: Settings, state: SupervisorState, redis: RedisClient, exchange: BinanceClient?, units: UnitWatch? = nil,
                monitor: ExitMonitor, errors: ErrorFeed, alerts: AlertDispatcher, progress: ProgressReporter, logger: Logger,
                notices: EmergencyNotices? = nil, escalate: @escaping @Sendable (PositionKey, String) -> Void = { _, _ in }) {
        self.notices = notices
        self.escalate = escalate
        self.units = units
        self.settings = settings
        self.state = state
        self.redis = redis
        self.exchange = exchange
        self.monitor = monitor
        self.errors = errors
        self.alerts = alerts
        self.progress = progress
        self.logger = logger
    }

    /// Returns at graceful shutdown; a failed sample is a cycle like any other.
    public func run() async {
        var lastGroups: ContinuousClock.Instant?
        var lastProbe: ContinuousClock.Instant?
        var journalWarned = false
        var escalated: Set<PositionKey> = []
        // Alerts firing when the last run ended resolve once their condition is seen cleared.
        let restored = await alerts.restoredFiring()
        if !restored.isEmpty { await state.restore(restored, now: WallTime(milliseconds: SystemTime.milliseconds())) }
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let started = ContinuousClock.now
            var inputs = SupervisorSet.Inputs()
            let groupsDue = lastGroups.map { started - $0 >= state.rules.consumerSampleInterval } ?? true
            await sampleRedis(into: &inputs, groups: groupsDue)
            if groupsDue { lastGroups = started }
            await sampleUnits(into: &inputs, journalWarned: &journalWarned)
            let book = await monitor.supervision()
            inputs.openPositions = book.open
            inputs.openSince = book.openSince
            inputs.lastPriceAt = book.lastPriceAt
            inputs.brokenExits = book.brokenExits
            if let exchange, lastProbe.map({ started - $0 >= settings.exchangeProbeInterval }) ?? true {
                lastProbe = started
                do {
                    let offset = try await exchange.syncTime()
                    inputs.exchange = .ok
                    inputs.clockOffset = .zero - offset  // local − server
                } catch {
                    inputs.exchange = .failed(reason: error.reason.rawValue)
                }
            }
            let now = WallTime(milliseconds: SystemTime.milliseconds())
            inputs.emergencies = notices?.recent(now: now) ?? [:]
            let transitions = await state.evaluate(inputs, errors: errors.drain(), now: now)
            if !transitions.isEmpty { await alerts.handle(transitions, now: now) }
            let firing = await state.firing
            await alerts.refresh(firing: firing, now: now)
            await escalateIfExitPathBroken(firing: firing, already: &escalated)
            progress.report(.cycled)
            // Not on the shared grid (`Pause.untilNextTick`): "present for 2 s" checked at passes
            // exactly 1 s apart missed by wake-up jitter half the time and fired a pass later
            // (make bench's fault -> page went from 2.68 to 3.68 s).
            await Pause.until(started + settings.interval)
        }
    }

    /// Hands every position whose exit is due to the failsafe, once, while the exit path is known broken.
    func escalateIfExitPathBroken(firing: [Alert], already: inout Set<PositionKey>) async {
        let due = await monitor.duePositions()
        for (key, why) in EscalationPolicy.escalations(firing: firing, due: due, already: &already) { escalate(key, why) }
    }
}
