import Testing
import WardenCore

struct TradeClosedEvaluatorTests {
    typealias Clock = SupervisionClock
    static let stream = "quantum:stream:trade.closed"
    static let head = StreamHead.lastEntry(id: "\(Clock.origin.milliseconds - 3_600_000)-0")

    /// Runs one evaluation a minute for `minutes`, then returns the verdict at `at`.
    static func verdict(at: Int, open: Int = 2, head: StreamHead = head) -> Verdict? {
        var e = TradeClosedEvaluator(stream: stream)
        var last: Verdict?
        for s in stride(from: 0, through: at, by: 1) where s % 60 == 0 || s == at {
            last = e.evaluate(lastClosed: head, openPositions: open, now: Clock.at(s)).first?.condition.verdict
        }
        return last
    }

    @Test(arguments: [(899, Verdict.ok), (900, .bad)])
    func firesAfterFifteenMinutesWithoutAMoveWhilePositionsStayOpen(at: Int, expected: Verdict) {
        #expect(Self.verdict(at: at) == expected)
    }

    @Test
    func anEmptyBookNeverFires() {
        #expect(Self.verdict(at: 3600, open: 0) == .ok)
    }

    @Test
    func aMissingStreamWithOpenPositionsFires() throws {
        var e = TradeClosedEvaluator(stream: Self.stream)
        _ = e.evaluate(lastClosed: .missing, openPositions: 1, now: Clock.at(0))
        let summary = try #require(e.evaluate(lastClosed: .missing, openPositions: 1, now: Clock.at(900)).first?.condition.badSummary)
        #expect(summary == "quantum:stream:trade.closed has not moved for 15m (stream missing) while 1 position stayed open (open for 15m, limit 15m)")
    }

    @Test
    func resolvesWhenTheStreamMovesAndTheClockRestarts() {
        var e = TradeClosedEvaluator(stream: Self.stream)
        _ = e.evaluate(lastClosed: Self.head, openPositions: 3, now: Clock.at(0))
        #expect(e.evaluate(lastClosed: Self.head, openPositions: 3, now: Clock.at(1000)).first?.condition.verdict == .bad)
        let moved = StreamHead.lastEntry(id: "\(Clock.at(1001).milliseconds)-0")
        #expect(e.evaluate(lastClosed: moved, openPositions: 3, now: Clock.at(1001)).first?.condition == .ok)
        #expect(e.evaluate(lastClosed: moved, openPositions: 3, now: Clock.at(1900)).first?.condition.verdict == .ok)
        #expect(e.evaluate(lastClosed: moved, openPositions: 3, now: Clock.at(1901)).first?.condition.verdict == .bad)
    }

    /// The book must have held positions the whole time: emptying it resolves and restarts the clock.
    @Test
    func resolvesWhenTheBookEmptiesAndCountsAgainFromReopening() {
        var e = TradeClosedEvaluator(stream: Self.stream)
        _ = e.evaluate(lastClosed: Self.head, openPositions: 1, now: Clock.at(0))
        #expect(e.evaluate(lastClosed: Self.head, openPositions: 1, now: Clock.at(900)).first?.condition.verdict == .bad)
        #expect(e.evaluate(lastClosed: Self.head, openPositions: 0, now: Clock.at(901)).first?.condition == .ok)
        #expect(e.openSince == nil)
        _ = e.evaluate(lastClosed: Self.head, openPositions: 2, now: Clock.at(1000))
        #expect(e.evaluate(lastClosed: Self.head, openPositions: 2, now: Clock.at(1899)).first?.condition == .ok)
        #expect(e.evaluate(lastClosed: Self.head, openPositions: 2, now: Clock.at(1900)).first?.condition.verdict == .bad)
    }

    /// The stream cannot be read: unknown, but the book (Warden's own) is still followed.
    @Test
    func unreadableStreamIsUnknownAndTheBookIsStillFollowed() {
        var e = TradeClosedEvaluator(stream: Self.stream)
        _ = e.evaluate(lastClosed: Self.head, openPositions: 1, now: Clock.at(0))
        #expect(e.evaluate(lastClosed: nil, openPositions: 0, now: Clock.at(500)).map(\.condition.verdict) == [.unknown])
        _ = e.evaluate(lastClosed: nil, openPositions: 1, now: Clock.at(600))
        #expect(e.evaluate(lastClosed: Self.head, openPositions: 1, now: Clock.at(1000)).first?.condition == .ok)
        #expect(e.evaluate(lastClosed: Self.head, openPositions: 1, now: Clock.at(1500)).first?.condition.verdict == .bad)
    }
}
