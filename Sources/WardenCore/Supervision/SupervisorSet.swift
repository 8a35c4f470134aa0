/// Every supervisor evaluator plus the alert tracker: one evaluation turns one set of samples
/// into alert transitions. Pure: the service samples Redis, the exchange and systemd; this decides.
///
/// Inhibition: when Redis cannot be read, every Redis-derived sample is nil, so those checks
/// report `unknown` and stay silent; RedisUnreachable speaks for them.
public struct SupervisorSet: Sendable {
    /// One evaluation's inputs. A nil field means "could not be read this time".
    public struct Inputs: Sendable {
        public var redis: ReachabilityEvaluator.Probe = .ok
        public var safeModePresent: Bool?
        public var streamHeads: [String: StreamHead]?
        public var tradeClosedHead: StreamHead?
        /// nil when groups were not sampled this cycle (they are sampled less often).
        public var groups: [ConsumerGroupID: ConsumerGroupSample]?
        public var groupsUnreadable = false
        public var openPositions = 0
        public var openSince: [String: WallTime] = [:]
        public var lastPriceAt: [String: WallTime]?
        /// nil when the exchange was not probed this cycle.
        public var exchange: ReachabilityEvaluator.Probe?
        public var clockOffset: Duration?
        public var units: [String: RestartStormEvaluator.Sample?] = [:]
        /// Positions whose close intent and its re-send went unconfirmed: key → summary.
        public var brokenExits: [String: String] = [:]
        /// Positions with a recent emergency-close notice: key → newest text.
        public var emergencies: [String: String] = [:]

        public init() {}
    }

    public let rules: SupervisionRules
    public internal(set) var tracker: AlertTracker
    var errors: RepeatedErrorsEvaluator
    var groups: [ConsumerGroupID: ConsumerGroupEvaluator] = [:]
    var stale: [String: StaleStreamEvaluator] = [:]
    var tradeClosed: TradeClosedEvaluator
    var units: [String: RestartStormEvaluator] = [:]
    public internal(set) var safeMode: SafeModeEvaluator
    var redis: ReachabilityEvaluator
    var exchange: ReachabilityEvaluator
    var drift: ClockDriftEvaluator
    var prices: PriceStaleEvaluator
    /// The last condition seen per alert name, for `/health`.
    public internal(set) var lastSeen: [AlertName: String] = [:]

    public init(rules: SupervisionRules, streams: StreamNames, safeModeKey: String) {
        self.rules = rules
        tracker = AlertTracker(holdFor: rules.holdFor)
        errors = RepeatedErrorsEvaluator(rules: rules.repeatedErrors)
        for id in rules.consumerGroups(prefix: streams.prefix) { groups[id] = ConsumerGroupEvaluator(id, rules: rules.consumerGroup) }
        for s in rules.staleStreams(prefix: streams.prefix) { stale[s] = StaleStreamEvaluator(stream: s, rules: rules.staleStream) }
        tradeClosed = TradeClosedEvaluator(stream: streams.tradeClosed, rules: rules.tradeClosed)
        for u in rules.units { units[u] = RestartStormEvaluator(unit: u, rules: rules.restartStorm) }
        safeMode = SafeModeEvaluator(safeModeKey: safeModeKey, rules: rules.safeMode)
        redis = ReachabilityEvaluator(.redisUnreachable, subject: "redis", severity: rules.redisUnreachableSeverity)
        exchange = ReachabilityEvaluator(.exchangeUnreachable, subject: "binance", severity: rules.exchangeUnreachableSeverity)
        drift = ClockDriftEvaluator(subject: "binance", rules: rules.clockDrift)
        prices = PriceStaleEvaluator(rules: rules.priceStale)
    }

    /// The streams whose last entry is sampled every cycle.
    public var watchedStreams: [String] { stale.keys.sorted() }
    public var watchedGroups: [ConsumerGroupID] { groups.keys.sorted() }
    public var watchedUnits: [String] { units.keys.sorted() }

    /// An error message from one of the RepeatedErrors sources.
    public mutating func record(error message: String, source: RepeatedErrorsEvaluator.Source, at time: WallTime) {
        errors.record(message: message, source: source, at: time)
    }
}

extension SupervisorSet {
    /// Alerts firing when the last run ended (see ``AlertTracker/restore(_:trustOKAfter:now:)``).
    public mutating func restore(_ alerts: [Alert], now: WallTime) {
        let rules = self.rules
        tracker.restore(alerts, trustOKAfter: { Self.warmUp($0, rules) }, now: now)
    }

    /// How long after a start an evaluator needs before its `ok` means "cleared": the window it
    /// must fill or the time it must watch, at least a minute, plus the alert's `for_s` hold.
    static func warmUp(_ name: AlertName, _ rules: SupervisionRules) -> Duration {
        let own: Duration = switch name {
        case .repeatedErrors: rules.repeatedErrors.window
        case .consumerLag: rules.consumerSampleInterval * rules.consumerGroup.windowSamples
        case .consumerStalled: max(rules.consumerGroup.idleLimit, rules.consumerSampleInterval * rules.consumerGroup.windowSamples)
        case .staleStream: .zero
        case .tradeClosedStalled: rules.tradeClosed.stalledAfter
        case .restartStorm: rules.restartStorm.window
        case .safeModeStuck: rules.safeMode.stuckAfter
        case .priceStale: rules.priceStale.maxAge
        case .redisUnreachable, .exchangeUnreachable, .clockDrift, .exitPathBroken, .emergencyClose: .zero
        }
        return max(own, .seconds(60)) + (rules.holdFor[name] ?? .zero)
    }
}
