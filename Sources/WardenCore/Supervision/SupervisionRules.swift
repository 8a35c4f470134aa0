/// Every supervisor threshold, list and alert rule (`for` hold, severity), typed. Built from the
/// rule file's values by ``resolve(_:)``; its keys and defaults are ``schema``, and the shipped
/// `alerts/rules.toml` holds exactly those defaults.
///
/// Stream names may be given without `streams.prefix`; ``staleStreams(prefix:)`` and
/// ``consumerGroups(prefix:)`` resolve them the way ``StreamNames`` does.
public struct SupervisionRules: Sendable, Hashable {
    public var repeatedErrors: RepeatedErrorsEvaluator.Rules
    /// Watched consumer groups, as written in the rules (`trade.intent/execution_group`).
    public var consumerGroupList: [ConsumerGroupID]
    public var consumerGroup: ConsumerGroupEvaluator.Rules
    /// How often consumer groups are sampled: the window spans `windowSamples` of these.
    public var consumerSampleInterval: Duration
    /// Watched streams, as written in the rules (`exitbrain.pnl`).
    public var staleStreamList: [String]
    public var staleStream: StaleStreamEvaluator.Rules
    public var tradeClosed: TradeClosedEvaluator.Rules
    /// Watched systemd units (`trading-exec.service`).
    public var units: [String]
    public var restartStorm: RestartStormEvaluator.Rules
    public var safeMode: SafeModeEvaluator.Rules
    public var redisUnreachableSeverity: Severity
    public var exchangeUnreachableSeverity: Severity
    public var clockDrift: ClockDriftEvaluator.Rules
    public var priceStale: PriceStaleEvaluator.Rules
    /// Each alert's `for`: how long its condition must hold before it fires. Feeds ``AlertTracker``.
    public var holdFor: [AlertName: Duration]

    public init(
        repeatedErrors: RepeatedErrorsEvaluator.Rules = .init(),
        consumerGroupList: [ConsumerGroupID] = [ConsumerGroupID(stream: "trade.intent", group: "execution_group"),
                                                ConsumerGroupID(stream: "trade.execution.res", group: "exit_monitor_group")],
        consumerGroup: ConsumerGroupEvaluator.Rules = .init(),
        consumerSampleInterval: Duration = .seconds(60),
        staleStreamList: [String] = ["exitbrain.pnl"],
        staleStream: StaleStreamEvaluator.Rules = .init(),
        tradeClosed: TradeClosedEvaluator.Rules = .init(),
        units: [String] = [],
        restartStorm: RestartStormEvaluator.Rules = .init(),
        safeMode: SafeModeEvaluator.Rules = .init(),
        redisUnreachableSeverity: Severity = .critical,
        exchangeUnreachableSeverity: Severity = .critical,
        clockDrift: ClockDriftEvaluator.Rules = .init(),
        priceStale: PriceStaleEvaluator.Rules = .init(),
        holdFor: [AlertName: Duration] = SupervisionRules.defaultHoldFor
    ) {
        self.repeatedErrors = repeatedErrors
        self.consumerGroupList = consumerGroupList
        self.consumerGroup = consumerGroup
        self.consumerSampleInterval = consumerSampleInterval
        self.staleStreamList = staleStreamList
        self.staleStream = staleStream
        self.tradeClosed = tradeClosed
        self.units = units
        self.restartStorm = restartStorm
        self.safeMode = safeMode
        self.redisUnreachableSeverity = redisUnreachableSeverity
        self.exchangeUnreachableSeverity = exchangeUnreachableSeverity
        self.clockDrift = clockDrift
        self.priceStale = priceStale
        self.holdFor = holdFor
    }

    /// The `for` holds the rule file ships: short ones where a single bad reading is common.
    public static let defaultHoldFor: [AlertName: Duration] = [
        .repeatedErrors: .zero, .consumerLag: .zero, .consumerStalled: .seconds(60), .staleStream: .zero,
        .tradeClosedStalled: .zero, .restartStorm: .zero, .safeModeStuck: .zero, .redisUnreachable: .seconds(30),
        .exchangeUnreachable: .seconds(60), .clockDrift: .seconds(60), .priceStale: .zero,
    ]

    /// The rule file section that holds each alert's `for_s` and `severity`.
    public static let sectionOfAlert: [AlertName: String] = [
        .repeatedErrors: "repeated_errors", .consumerLag: "consumer_lag", .consumerStalled: "consumer_stalled",
        .staleStream: "stale_stream", .tradeClosedStalled: "trade_closed", .restartStorm: "restart_storm",
        .safeModeStuck: "safe_mode", .redisUnreachable: "redis_unreachable",
        .exchangeUnreachable: "exchange_unreachable", .clockDrift: "clock_drift", .priceStale: "price_stale",
    ]

    /// The watched streams as full keys.
    public func staleStreams(prefix: String) -> [String] {
        staleStreamList.map { $0.hasPrefix(prefix) ? $0 : prefix + $0 }
    }

    /// The watched consumer groups with full stream keys.
    public func consumerGroups(prefix: String) -> [ConsumerGroupID] {
        consumerGroupList.map { $0.resolved(prefix: prefix) }
    }
}
