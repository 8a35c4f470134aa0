import Testing
import WardenCore

struct ConsumerGroupEvaluatorTests {
    typealias Clock = SupervisionClock
    typealias Sample = ConsumerGroupSample
    static let id = ConsumerGroupID(stream: "quantum:stream:trade.intent", group: "execution_group")
    static let busy = [Sample.Consumer(name: "exec-1", idle: .seconds(2), pending: 1)]

    static func sample(lag: Int?, read: Int? = nil, delivered: String = "1-0", pending: Int = 0,
                       consumers: [Sample.Consumer] = busy) -> Sample {
        Sample(lag: lag, entriesRead: read, lastDeliveredID: delivered, pending: pending,
               lastGeneratedID: "9-0", entriesAdded: nil, consumers: consumers)
    }

    /// Runs samples 60 s apart; returns the last evaluation's (lag, stalled) conditions.
    static func run(_ samples: [Sample], rules: ConsumerGroupEvaluator.Rules = .init()) -> (lag: Condition, stalled: Condition) {
        var e = ConsumerGroupEvaluator(id, rules: rules)
        var last: [Observation] = []
        for (n, s) in samples.enumerated() { last = e.evaluate(s, now: Clock.at(60 * n)) }
        return (last[0].condition, last[1].condition)
    }

    /// Samples whose reading advances (the consumer is working), with the given lags.
    static func moving(_ lags: [Int?]) -> [Sample] {
        lags.enumerated().map { n, lag in sample(lag: lag, read: 100 * n, delivered: "\(1000 + n)-0") }
    }

    /// The production case: lag 67,448 and rising while the consumer still reads.
    @Test
    func productionLagRisingWhileReadingIsConsumerLag() throws {
        let lags = (0..<9).map { 60_000 + $0 * 800 } + [67_448]
        let (lag, stalled) = Self.run(Self.moving(lags))
        #expect(stalled == .ok)
        let summary = try #require(lag.badSummary)
        #expect(summary == "lag 67448 on quantum:stream:trade.intent/execution_group, not decreasing for 9m (60000 → 67448 over 10 samples, threshold 1000)")
        #expect(lag.badSeverity == .warning)
    }

    /// The production case: last-delivered-id never moves while entries wait.
    @Test
    func lastDeliveredIdThatNeverMovesWithLagIsConsumerStalled() throws {
        let samples = (0..<10).map { Self.sample(lag: 500 + $0 * 10, read: 42, delivered: "1700000000000-0") }
        let (lag, stalled) = Self.run(samples)
        let summary = try #require(stalled.badSummary)
        #expect(summary == "quantum:stream:trade.intent/execution_group stalled: last-delivered-id 1700000000000-0, entries-read 42 unchanged for 9m with lag 590")
        #expect(stalled.badSeverity == .critical)
        #expect(lag == .ok)  // stalled, not also lagging
    }

    @Test(arguments: [(1000, Verdict.ok), (1001, .bad)])
    func lagFiresOnlyAboveTheThreshold(level: Int, expected: Verdict) {
        #expect(Self.run(Self.moving(Array(repeating: level, count: 10))).lag.verdict == expected)
    }

    /// Burrow: lag at zero anywhere in the window is OK; one decrease is not "not decreasing".
    @Test(arguments: [
        ([5000, 0, 5000, 6000, 7000, 8000, 9000, 9500, 9800, 9900], Verdict.ok),
        ([5000, 6000, 7000, 8000, 7999, 8000, 9000, 9500, 9800, 9900], .ok),
        ([5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000], .bad),
        ([0, 5000, 6000, 7000, 8000, 9000, 9500, 9800, 9900, 9950, 9990], .bad),  // the 0 has left the window
    ])
    func lagTrendAcrossTheWindow(lags: [Int], expected: Verdict) {
        #expect(Self.run(Self.moving(lags)).lag.verdict == expected)
    }

    @Test
    func nothingIsJudgedBeforeTheWindowIsFull() {
        var e = ConsumerGroupEvaluator(Self.id)
        for n in 0..<9 {
            let out = e.evaluate(Self.sample(lag: 90_000, read: 7), now: Clock.at(60 * n))
            #expect(out.map(\.condition) == Array(repeating: .unknown(reason: "collecting samples (\(n + 1) of 10)"), count: 2))
        }
        #expect(e.evaluate(Self.sample(lag: 90_000, read: 7), now: Clock.at(540)).map(\.condition.verdict) == [.ok, .bad])
    }

    @Test
    func missingGroupIsStalledAndCriticalAtOnce() throws {
        var rules = ConsumerGroupEvaluator.Rules()
        rules.stalledSeverity = .warning
        var e = ConsumerGroupEvaluator(Self.id, rules: rules)
        let out = e.evaluate(.missing, now: Clock.at(0))
        #expect(out.map(\.key) == [AlertKey(.consumerLag, Self.id.subject), AlertKey(.consumerStalled, Self.id.subject)])
        #expect(out[0].condition.verdict == .unknown)
        #expect(out[1].condition.badSummary == "consumer group execution_group missing on quantum:stream:trade.intent: nothing consumes it")
        #expect(out[1].condition.badSeverity == .critical)
    }

    /// A reading that failed (Redis down) is unknown for both and is not a sample.
    @Test
    func unreadableGroupIsUnknownAndAddsNoSample() {
        var e = ConsumerGroupEvaluator(Self.id)
        for n in 0..<9 { _ = e.evaluate(Self.sample(lag: 0, read: n), now: Clock.at(60 * n)) }
        #expect(e.evaluate(nil, now: Clock.at(540)).map(\.condition.verdict) == [.unknown, .unknown])
        #expect(e.evaluate(Self.sample(lag: 0, read: 9), now: Clock.at(600)).map(\.condition) == [.ok, .ok])
    }

    @Test(arguments: [
        (Duration.seconds(300), Verdict.bad),
        (.seconds(299), .ok),
    ])
    func everyConsumerIdlePastTheLimitWithBacklogIsStalled(idle: Duration, expected: Verdict) {
        let consumers = [Sample.Consumer(name: "a", idle: idle, pending: 0), Sample.Consumer(name: "b", idle: .seconds(3600), pending: 0)]
        let samples = (0..<10).map { Self.sample(lag: 3, read: $0, delivered: "\($0)-0", consumers: consumers) }
        let stalled = Self.run(samples).stalled
        #expect(stalled.verdict == expected)
        if expected == .bad {
            #expect(stalled.badSummary == "quantum:stream:trade.intent/execution_group stalled: all 2 consumers idle ≥ 5m (least idle \(SummaryText.duration(idle))), lag 3, pending 0")
        }
    }

    @Test(arguments: [
        (3, 0, Verdict.bad),  // lag, no consumer
        (0, 4, .bad),  // delivered but never acknowledged, no consumer left
        (0, 0, .ok),  // nothing waiting: an idle group is fine
    ])
    func noConsumersWithBacklogIsStalled(lag: Int, pending: Int, expected: Verdict) {
        let samples = (0..<10).map { Self.sample(lag: lag, read: $0, delivered: "\($0)-0", pending: pending, consumers: []) }
        #expect(Self.run(samples).stalled.verdict == expected)
    }

    /// Pending that grows by everything read means nothing is acknowledged; growth smaller than
    /// what was read means acknowledgements are happening.
    @Test(arguments: [(10, Verdict.bad), (9, .ok)])
    func pendingGrowingWithNothingAcknowledgedIsStalled(pendingStep: Int, expected: Verdict) {
        let samples = (0..<10).map { n in
            Self.sample(lag: 0, read: 10 * n, delivered: "\(n)-0", pending: pendingStep * n)
        }
        let stalled = Self.run(samples).stalled
        #expect(stalled.verdict == expected)
        if expected == .bad { #expect(stalled.badSummary?.contains("pending grew 0 → 90 over 9m with nothing acknowledged") == true) }
    }

    @Test(arguments: [
        (Optional(5), Optional(100), Optional(40), "1-0", Optional(5)),  // Redis's own lag wins
        (nil, 100, 40, "1-0", 60),  // entries-added − entries-read
        (nil, nil, 40, "9-0", 0),  // delivered the last generated id
        (nil, 100, nil, "1-0", nil),  // cannot tell: never 0
        (nil, 30, 40, "1-0", nil),  // inconsistent counters: cannot tell
    ])
    func effectiveLagNeverTreatsUnknownAsZero(lag: Int?, added: Int?, read: Int?, delivered: String, expected: Int?) {
        let s = Sample(lag: lag, entriesRead: read, lastDeliveredID: delivered, pending: 0,
                       lastGeneratedID: "9-0", entriesAdded: added, consumers: [])
        #expect(s.effectiveLag == expected)
    }

    @Test
    func unknownLagIsUnknownNotOk() {
        let samples = (0..<10).map { Self.sample(lag: nil, read: nil, delivered: "\($0)-1") }
        let (lag, stalled) = Self.run(samples)
        #expect(lag.verdict == .unknown)
        #expect(stalled == .ok)
        let mixed = Self.moving([nil] + Array(repeating: 5000, count: 9))
        #expect(Self.run(mixed).lag.verdict == .unknown)
    }

    @Test
    func groupIdsParseAndResolveThePrefix() {
        let id = ConsumerGroupID(parsing: "trade.intent/execution_group")
        #expect(id == ConsumerGroupID(stream: "trade.intent", group: "execution_group"))
        #expect(id?.resolved(prefix: "quantum:stream:").subject == "quantum:stream:trade.intent/execution_group")
        #expect(Self.id.resolved(prefix: "quantum:stream:") == Self.id)
        #expect(ConsumerGroupID(parsing: "no-slash") == nil)
        #expect(ConsumerGroupID(parsing: "stream/") == nil)
    }
}
