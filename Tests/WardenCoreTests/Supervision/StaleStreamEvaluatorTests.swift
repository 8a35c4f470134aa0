import Testing
import WardenCore

struct StaleStreamEvaluatorTests {
    typealias Clock = SupervisionClock
    static let stream = "quantum:stream:exitbrain.pnl"
    static let e = StaleStreamEvaluator(stream: stream)

    static func head(ageMs: Int64) -> StreamHead {
        .lastEntry(id: "\(Clock.origin.milliseconds - ageMs)-3")
    }

    @Test(arguments: [
        (head(ageMs: 600_000), Verdict.ok),  // exactly the limit
        (head(ageMs: 600_001), .bad),
        (head(ageMs: 1_000), .ok),
        (head(ageMs: -5_000), .ok),  // a producer clock ahead of ours
        (StreamHead.missing, .bad),  // a missing stream counts as stale
        (.lastEntry(id: "0-0"), .bad),  // a stream that never had an entry
        (.lastEntry(id: "garbage"), .unknown),
    ])
    func staleWhenOlderThanTheLimitOrMissing(head: StreamHead, expected: Verdict) {
        let out = Self.e.evaluate(head, now: Clock.origin)
        #expect(out.map(\.key) == [AlertKey(.staleStream, Self.stream)])
        #expect(out.first?.condition.verdict == expected)
    }

    @Test
    func unreadableStreamIsUnknown() {
        #expect(Self.e.evaluate(nil, now: Clock.origin).map(\.condition.verdict) == [.unknown])
    }

    /// The production case: exitbrain.pnl five days stale.
    @Test
    func productionFiveDaysStaleNamesTheAgeAndTheId() throws {
        let fiveDays: Int64 = 5 * 86_400_000 + 3_600_000
        let summary = try #require(Self.e.evaluate(Self.head(ageMs: fiveDays), now: Clock.origin).first?.condition.badSummary)
        let ms = Clock.origin.milliseconds - fiveDays
        #expect(summary == "quantum:stream:exitbrain.pnl last entry 5d1h old (\(ms)-3 at \(WallTime(milliseconds: ms).iso8601)), limit 10m")
    }

    @Test
    func missingStreamSummarySaysSo() {
        #expect(Self.e.evaluate(.missing, now: Clock.origin).first?.condition.badSummary
            == "quantum:stream:exitbrain.pnl is missing (no such stream or no entries), limit 10m")
    }
}
