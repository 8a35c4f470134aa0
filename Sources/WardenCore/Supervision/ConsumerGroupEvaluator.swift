/// ConsumerLag and ConsumerStalled for one consumer group, judged Burrow-style over a window of
/// the last `windowSamples` readings (REFERENCE §3.1):
///
/// | rule | condition over the window | alert |
/// |---|---|---|
/// | missing | the group does not exist (at once, no window needed) | ConsumerStalled, critical |
/// | OK | lag was 0 in some sample | neither lag rule |
/// | frozen | lag > 0 and entries-read / last-delivered-id never moved | ConsumerStalled |
/// | idle | lag > 0 or pending > 0, and no consumer (or every consumer idle ≥ `idleLimit`) | ConsumerStalled |
/// | unacked | pending grew at every step, by at least what was read: nothing acknowledged | ConsumerStalled |
/// | lagging | lag > `lagThreshold` and each sample's lag ≥ the previous one (Burrow's WARN) | ConsumerLag |
///
/// Until the window is full, both are `unknown` (Burrow's minimum-complete). A stalled group is
/// not also reported as lagging. A `nil` reading (Redis down) is `unknown` and adds no sample.
public struct ConsumerGroupEvaluator: Sendable {
    public struct Rules: Sendable, Hashable {
        public var lagThreshold: Int
        public var windowSamples: Int
        public var idleLimit: Duration
        public var lagSeverity: Severity
        public var stalledSeverity: Severity

        public init(lagThreshold: Int = 1000, windowSamples: Int = 10, idleLimit: Duration = .seconds(300),
                    lagSeverity: Severity = .warning, stalledSeverity: Severity = .critical) {
            self.lagThreshold = lagThreshold
            self.windowSamples = windowSamples
            self.idleLimit = idleLimit
            self.lagSeverity = lagSeverity
            self.stalledSeverity = stalledSeverity
        }
    }

    /// What the window keeps of one reading.
    struct Point: Sendable, Hashable {
        var time: WallTime
        var lag: Int?
        var entriesRead: Int?
        var lastDeliveredID: String
        var pending: Int
    }

    public let id: ConsumerGroupID
    public let rules: Rules
    /// The last `windowSamples` readings of an existing group, oldest first.
    private(set) var window: [Point] = []

    public init(_ id: ConsumerGroupID, rules: Rules = Rules()) {
        precondition(rules.windowSamples >= 2, "a window needs two samples")
        self.id = id
        self.rules = rules
    }

    public var lagKey: AlertKey { AlertKey(.consumerLag, id.subject) }
    public var stalledKey: AlertKey { AlertKey(.consumerStalled, id.subject) }

    /// Two observations, ConsumerLag then ConsumerStalled, for this reading.
    public mutating func evaluate(_ sample: ConsumerGroupSample?, now: WallTime) -> [Observation] {
        guard let sample else {
            return both(.unknown(reason: "consumer group info for \(id.subject) could not be read"))
        }
        guard sample.groupExists else {
            let line = "consumer group \(id.group) missing on \(id.stream): nothing consumes it"
            return [Observation(lagKey, .unknown(reason: "group missing")),
                    Observation(stalledKey, .bad(summary: line, severity: .critical))]
        }
        let lag = sample.effectiveLag
        window.append(Point(time: now, lag: lag, entriesRead: sample.entriesRead,
                            lastDeliveredID: sample.lastDeliveredID, pending: sample.pending))
        if window.count > rules.windowSamples { window.removeFirst(window.count - rules.windowSamples) }
        guard window.count >= rules.windowSamples else {
            return both(.unknown(reason: "collecting samples (\(window.count) of \(rules.windowSamples))"))
        }
        let stalled = stallReason(sample, lag: lag, now: now)
        let stalledCondition: Condition = stalled.map { .bad(summary: $0, severity: rules.stalledSeverity) } ?? .ok
        return [Observation(lagKey, lagCondition(lag, stalled: stalled != nil, now: now)),
                Observation(stalledKey, stalledCondition)]
    }

    func both(_ condition: Condition) -> [Observation] {
        [Observation(lagKey, condition), Observation(stalledKey, condition)]
    }

    /// The window's span so far, for summaries ("for 9m").
    func span(now: WallTime) -> String { SummaryText.duration(now.since(window.first?.time ?? now)) }
}
