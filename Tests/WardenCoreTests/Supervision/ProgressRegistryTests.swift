import Testing
import WardenCore

struct ProgressRegistryTests {
    @Test
    func loopIsFreshAtRegistrationAndLateOnlyPastItsDeadline() {
        var r = ProgressRegistry()
        r.register("exit-check", deadline: .seconds(10), now: .seconds(100))
        r.register("consumer", deadline: .seconds(15), now: .seconds(100))
        #expect(r.late(now: .seconds(110)).isEmpty, "exactly at the deadline is not late")
        #expect(r.late(now: .seconds(110.5)).map(\.name) == ["exit-check"])
        r.report("exit-check", .cycled, now: .seconds(111))
        #expect(r.late(now: .seconds(115)).isEmpty)
        let late = r.late(now: .seconds(130))
        #expect(late.map(\.name) == ["consumer", "exit-check"], "oldest first")
        #expect(late.first?.age == .seconds(30))
    }

    @Test
    func dependencyDownCyclesKeepTheLoopFreshButShowDegraded() {
        var r = ProgressRegistry()
        r.register("consumer", deadline: .seconds(5), now: .zero)
        for s in 1...60 { r.report("consumer", .dependencyDown, now: .seconds(s)) }
        #expect(r.late(now: .seconds(61)).isEmpty, "a dependency down is not a hang")
        #expect(r.degraded == ["consumer"])
        r.report("consumer", .cycled, now: .seconds(62))
        #expect(r.degraded.isEmpty)
    }

    @Test
    func reportsForUnknownLoopsAndOutOfOrderTimesAreHarmless() {
        var r = ProgressRegistry()
        r.register("a", deadline: .seconds(5), now: .seconds(10))
        r.report("nope", .cycled, now: .seconds(11))
        r.report("a", .cycled, now: .seconds(3))  // older than registration: ignored
        #expect(r.loops.keys.sorted() == ["a"])
        #expect(r.late(now: .seconds(16)).map(\.name) == ["a"])
    }

    @Test(arguments: [
        ("exit-check=stall", ["exit-check": FailpointAction.stall], 0),
        ("consumer=panic,exit-check=delay(250)", ["consumer": .panic, "exit-check": .delay(.milliseconds(250))], 0),
        ("", [:], 0),
        ("x=explode,=stall,y", [:], 3),
        ("z=delay(-5)", [:], 1),
    ] as [(String, [String: FailpointAction], Int)])
    func failpointSpecParses(text: String, points: [String: FailpointAction], problems: Int) {
        let parsed = FailpointAction.parse(text)
        #expect(parsed.points == points)
        #expect(parsed.problems.count == problems)
    }

    @Test
    func bookInconsistencyIsFoundAndAHealthyBookHasNone() {
        var book = PositionBook(policy: ExitPolicy())
        _ = book.apply(.opened(Fill(symbol: "BTCUSDT", side: .long, entryPrice: 100, quantity: 1)), now: WallTime(milliseconds: 0))
        #expect(book.inconsistency() == nil)
        var p = book.position(PositionKey(symbol: "BTCUSDT"))!
        let good = p
        p.stopLoss = .nan
        book.restore([p])
        #expect(book.inconsistency()?.contains("BTCUSDT") == true)
        // Found as it is stored, and forgotten once the key holds a sound position again.
        book.restore([good])
        #expect(book.inconsistency() == nil)
        p.stopLoss = 90
        p.takeProfit = -1
        book.restore([p])
        #expect(book.inconsistency() == "BTCUSDT: a non-finite or non-positive value")
        _ = book.merge(exchange: [], snapshotTime: WallTime(milliseconds: 600_000), now: WallTime(milliseconds: 600_001))
        #expect(book.count == 0)
        #expect(book.inconsistency() == nil)
    }
}
