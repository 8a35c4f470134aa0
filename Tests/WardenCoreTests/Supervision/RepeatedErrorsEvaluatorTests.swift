import Testing
import WardenCore

struct RepeatedErrorsEvaluatorTests {
    typealias Clock = SupervisionClock

    static func productionMessage(_ n: Int) -> String {
        "Failed to execute intent \(1_700_000_000_000 + n * 3000)-\(n % 3) for order \(n * 7919): "
            + "TradeIntent.__init__() got an unexpected keyword argument 'side'"
    }

    /// The production case: the same error every 3 s. It must fire by the 20th message (57 s),
    /// stay bad while it repeats, and resolve exactly when 5 minutes pass without it.
    @Test
    func productionErrorEveryThreeSecondsFiresWithinAMinuteAndResolvesAfterTheQuietWindow() throws {
        var e = RepeatedErrorsEvaluator()
        var firstBad: Int?
        for n in 0..<200 {  // 0 s … 597 s
            let t = n * 3
            e.record(message: Self.productionMessage(n), source: .execution, at: Clock.at(t))
            let out = e.evaluate(now: Clock.at(t))
            if firstBad == nil, let o = out.first, o.condition.verdict == .bad { firstBad = t }
            if let firstBad, t >= firstBad { #expect(out.map(\.condition.verdict) == [.bad]) }
        }
        #expect(firstBad == 57)
        let last = 597
        let stillBad = e.evaluate(now: Clock.at(last + 299))
        #expect(stillBad.map(\.condition.verdict) == [.bad])
        let summary = try #require(stillBad.first?.condition.badSummary)
        #expect(summary.contains("last seen 4m59s ago"))
        let resolved = e.evaluate(now: Clock.at(last + 300))
        #expect(resolved.map(\.condition) == [.ok])
        #expect(resolved.first?.key.subject == "Failed to execute intent <id> for order <n>: TradeIntent.__init__() got an unexpected keyword argument '<str>'")
        #expect(e.evaluate(now: Clock.at(last + 301)).isEmpty)
        // Once its last bucket has left the window, the signature is forgotten.
        #expect(e.signatureCount == 1)
        #expect(e.evaluate(now: Clock.at(last + 310)).isEmpty)
        #expect(e.signatureCount == 0)
    }

    @Test
    func badSummaryNamesTheCountTheSampleAndTheSignatureOnOneLine() throws {
        var e = RepeatedErrorsEvaluator()
        for n in 0..<25 { e.record(message: Self.productionMessage(n) + "\n  Traceback …", source: .journal, at: Clock.at(n)) }
        let o = try #require(e.evaluate(now: Clock.at(25)).first)
        let summary = try #require(o.condition.badSummary)
        #expect(summary.hasPrefix("error seen 25 times in 5m (journal): Failed to execute intent 1700000072000-0 for order 190056:"))
        #expect(summary.contains("[signature: Failed to execute intent <id>"))
        #expect(!summary.contains("\n"))
        #expect(o.condition.badSeverity == .critical)
    }

    @Test(arguments: [(19, Verdict?.none), (20, .bad)])
    func firesAtExactlyTheThreshold(count: Int, expected: Verdict?) {
        var e = RepeatedErrorsEvaluator()
        for n in 0..<count { e.record(message: "timeout after \(n) ms", source: .warden, at: Clock.at(n)) }
        #expect(e.evaluate(now: Clock.at(count)).first?.condition.verdict == expected)
    }

    /// One message at 0 s and 19 more later: 20 within the window at 299 s, 19 once the first
    /// has left the window (five minutes plus one bucket, 5 s).
    @Test(arguments: [(299, Verdict?.some(.bad)), (305, nil)])
    func messagesOlderThanTheWindowStopCounting(at: Int, expected: Verdict?) {
        var e = RepeatedErrorsEvaluator()
        e.record(message: "boom 1", source: .warden, at: Clock.at(0))
        for n in 0..<19 { e.record(message: "boom \(n)", source: .warden, at: Clock.at(250 + n)) }
        #expect(e.evaluate(now: Clock.at(at)).first?.condition.verdict == expected)
    }

    @Test
    func differentSignaturesAreCountedApart() {
        var e = RepeatedErrorsEvaluator()
        for n in 0..<15 {
            e.record(message: "alpha failed \(n)", source: .warden, at: Clock.at(n))
            e.record(message: "beta failed \(n)", source: .warden, at: Clock.at(n))
        }
        #expect(e.evaluate(now: Clock.at(20)).isEmpty)
        #expect(e.signatureCount == 2)
    }

    @Test
    func messagesArrivingOutOfOrderStillCount() {
        var e = RepeatedErrorsEvaluator()
        for n in (0..<20).reversed() { e.record(message: "late \(n)", source: .journal, at: Clock.at(n * 4)) }
        #expect(e.evaluate(now: Clock.at(80)).map(\.condition.verdict) == [.bad])
    }

    /// Quiet proves nothing while the signature's source cannot be read: unknown, not resolved.
    @Test
    func quietWhileTheSourceIsUnreadableIsUnknownNotResolved() {
        var e = RepeatedErrorsEvaluator()
        for n in 0..<20 { e.record(message: "journal error \(n)", source: .journal, at: Clock.at(n)) }
        #expect(e.evaluate(now: Clock.at(20)).map(\.condition.verdict) == [.bad])
        let unknown = e.evaluate(now: Clock.at(400), unreadable: [.journal: "journal unreadable"])
        #expect(unknown.map(\.condition) == [.unknown(reason: "journal unreadable")])
        let otherSource = e.evaluate(now: Clock.at(401), unreadable: [.execution: "redis down"])
        #expect(otherSource.map(\.condition) == [.ok])
    }

    /// 100,000 distinct signatures within the window: never more than the cap, and a firing
    /// signature survives the flood.
    @Test
    func distinctSignaturesAreCappedAndAFiringOneSurvivesTheFlood() {
        var e = RepeatedErrorsEvaluator()
        for n in 0..<20 { e.record(message: "the real fault \(n)", source: .execution, at: Clock.at(0)) }
        #expect(e.evaluate(now: Clock.at(0)).count == 1)
        var peak = 0
        for n in 0..<100_000 {
            e.record(message: "fault in module \(Self.letters(n))", source: .journal, at: Clock.at(1 + n / 1000))
            peak = max(peak, e.signatureCount)
        }
        #expect(peak == 500)
        let out = e.evaluate(now: Clock.at(101))
        #expect(out.map(\.key.subject) == ["the real fault <n>"])
        #expect(out.map(\.condition.verdict) == [.bad])
    }

    @Test
    func longSignaturesGetDistinctBoundedSubjects() {
        let base = String(repeating: "segment ", count: 15)
        let a = RepeatedErrorsEvaluator.subject(ErrorSignature.normalize(base + "alpha"))
        let b = RepeatedErrorsEvaluator.subject(ErrorSignature.normalize(base + "beta"))
        #expect(a.count == RepeatedErrorsEvaluator.maxSubjectLength && b.count == RepeatedErrorsEvaluator.maxSubjectLength)
        #expect(a != b)
        #expect(RepeatedErrorsEvaluator.subject("short one") == "short one")
    }

    /// `n` as lower-case letters, so that numbers cannot fold signatures together.
    static func letters(_ n: Int) -> String {
        var n = n
        var out = ""
        repeat {
            out.append(Character(Unicode.Scalar(UInt8(97 + n % 26))))
            n /= 26
        } while n > 0
        return out
    }
}
