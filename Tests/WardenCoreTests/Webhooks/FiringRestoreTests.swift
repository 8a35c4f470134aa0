import Testing
import WardenCore

/// Firing alerts across a restart: the snapshot file, the routing state taken back, and the
/// tracker's warm-up before it trusts an `ok` for a restored alert.
struct FiringRestoreTests {
    let t0 = WallTime(milliseconds: 1_800_000_000_000)

    func alert(_ name: AlertName = .consumerLag, _ subject: String = "trade.intent/execution_group",
               _ severity: Severity = .warning) -> Alert {
        Alert(key: AlertKey(name, subject), severity: severity, summary: "lag 67448", state: .firing, startsAt: t0)
    }

    func routesOf(_ actions: [AlertRouting.StateMachine.Action]) -> [String] {
        actions.map { action in
            guard case .notify(let route, let n) = action else { return "?" }
            return "\(route):\(n.alert.state.rawValue)\(n.isRepeat ? ":repeat" : "")"
        }
    }

    @Test
    func resolveAfterARestartReachesExactlyTheRoutesThatWereTold() throws {
        let before = [AlertRouting.Route(name: "pager", minSeverity: .critical, repeatInterval: .seconds(3600)),
                      AlertRouting.Route(name: "chat", minSeverity: .warning, repeatInterval: .seconds(600)),
                      AlertRouting.Route(name: "gone", minSeverity: .warning, repeatInterval: .zero)]
        var m = AlertRouting.StateMachine(routes: before)
        let a = alert()
        #expect(routesOf(m.fire(a, now: t0)) == ["chat:firing", "gone:firing"], "a warning skips the critical-only pager")
        let remembered = m.remembered
        #expect(remembered.count == 1 && remembered[0].told == ["chat": t0, "gone": t0])

        // The file, written and read back.
        let entries = try #require(FiringSnapshot.parse(FiringSnapshot.encode(remembered)))
        #expect(entries == remembered)

        // The next run: "gone" was removed from the config, "new" was added.
        let after = [before[0], before[1], AlertRouting.Route(name: "new", minSeverity: .warning, repeatInterval: .zero)]
        var next = AlertRouting.StateMachine(routes: after)
        next.restore(entries)
        #expect(next.firingAlerts == [a])
        #expect(routesOf(next.tick(now: t0 + .seconds(60))) == ["new:firing"], "a route added since is told at the next tick")
        #expect(routesOf(next.tick(now: t0 + .seconds(600))) == ["chat:firing:repeat"], "chat keeps its 10-minute cadence")
        var resolved = a
        resolved.state = .resolved
        resolved.endsAt = t0 + .seconds(700)
        #expect(routesOf(next.resolve(resolved, now: t0 + .seconds(700))) == ["chat:resolved", "new:resolved"])
        #expect(next.remembered.isEmpty)

        // Without the snapshot, the same resolve reaches nobody: the lost resolve this fixes.
        var amnesiac = AlertRouting.StateMachine(routes: after)
        #expect(amnesiac.resolve(resolved, now: t0 + .seconds(700)).isEmpty)
    }

    @Test(arguments: [
        "", "{", "[]", #"{"v":2,"alerts":[]}"#, #"{"v":1}"#, #"{"v":1,"alerts":{}}"#,
    ])
    func aDamagedFileIsNotASnapshot(text: String) {
        #expect(FiringSnapshot.parse(Array(text.utf8)) == nil)
    }

    @Test
    func entriesThisBuildCannotReadAreSkipped() throws {
        let good = FiringSnapshot.encode([.init(alert: alert(), told: ["chat": t0])])
        let text = String(decoding: good, as: UTF8.self)
        let marker = #""alerts":["#
        let split = try #require(text.firstRange(of: marker))
        let unknown = #"{"alert":{"name":"NoSuchAlert","subject":"x","severity":"warning","summary":"","state":"firing","starts_at_ms":1},"told":{}},"#
        let mixed = String(text[..<split.upperBound]) + unknown + String(text[split.upperBound...])
        let entries = try #require(FiringSnapshot.parse(Array(mixed.utf8)))
        #expect(entries.map(\.alert) == [alert()])
    }

    @Test
    func restoredAlertResolvesOnlyOnceItsEvaluatorCouldHaveSeenIt() {
        var tracker = AlertTracker()
        let a = alert(.safeModeStuck, "quantum:safety:safe_mode", .critical)
        tracker.restore([a], trustOKAfter: { _ in .seconds(900) }, now: t0)
        #expect(tracker.firing == [a])
        let ok = [Observation(a.key, .ok)]
        #expect(tracker.update(ok, covering: [.safeModeStuck], now: t0 + .seconds(1)).isEmpty, "a fresh evaluator's ok is not trusted")
        #expect(tracker.update([], covering: [.safeModeStuck], now: t0 + .seconds(899)).isEmpty, "nor the subject's absence")
        let unknown = [Observation(a.key, .unknown(reason: "redis down"))]
        #expect(tracker.update(unknown, covering: [.safeModeStuck], now: t0 + .seconds(1000)).isEmpty)
        let later = tracker.update(ok, covering: [.safeModeStuck], now: t0 + .seconds(900))
        guard case .resolve(let r)? = later.first, later.count == 1 else { Issue.record("\(later)"); return }
        #expect(r.key == a.key && r.startsAt == t0 && r.endsAt == t0 + .seconds(900))
        #expect(tracker.update(ok, covering: [.safeModeStuck], now: t0 + .seconds(901)).isEmpty, "resolved once")
    }

    @Test
    func aBadReadingConfirmsARestoredAlertSoALaterOKResolvesAtOnce() {
        var tracker = AlertTracker()
        let a = alert()
        tracker.restore([a], trustOKAfter: { _ in .seconds(600) }, now: t0)
        let bad = [Observation(a.key, .bad(summary: "lag 70000", severity: .warning))]
        #expect(tracker.update(bad, covering: [], now: t0 + .seconds(5)).isEmpty, "still the same incident: no second page")
        #expect(tracker.firing.first?.summary == "lag 70000")
        let resolved = tracker.update([Observation(a.key, .ok)], covering: [], now: t0 + .seconds(10))
        #expect(resolved.count == 1)
    }

    @Test
    func restoreLeavesAlertsAlreadyTrackedAlone() {
        var tracker = AlertTracker()
        let bad = [Observation(alert().key, .bad(summary: "new numbers", severity: .warning))]
        _ = tracker.update(bad, covering: [], now: t0 + .seconds(30))
        tracker.restore([alert()], trustOKAfter: { _ in .seconds(600) }, now: t0 + .seconds(31))
        #expect(tracker.firing.map(\.summary) == ["new numbers"])
        #expect(tracker.update([Observation(alert().key, .ok)], covering: [], now: t0 + .seconds(32)).count == 1,
                "not held back by a warm-up it never had")
    }

    @Test
    func warmUpIsWhatEachEvaluatorNeedsAtLeastAMinutePlusItsHold() throws {
        let rules = try SupervisionRules.resolve(["safe_mode.stuck_s": .integer(900), "consumer_stalled.for_s": .integer(60)]).get()
        let streams = try WardenConfig.resolve([:], secrets: Secrets()).get().streams
        var set = SupervisorSet(rules: rules, streams: streams, safeModeKey: "quantum:safety:safe_mode")
        let safe = alert(.safeModeStuck, "quantum:safety:safe_mode", .critical)
        let redis = alert(.redisUnreachable, "redis", .critical)
        set.restore([safe, redis], now: t0)
        var inputs = SupervisorSet.Inputs()
        inputs.safeModePresent = false
        let hold = rules.holdFor[.redisUnreachable] ?? .zero
        #expect(set.evaluate(inputs, now: t0 + .seconds(59) + hold).isEmpty, "nothing is trusted in the first minute and the hold")
        let minute = set.evaluate(inputs, now: t0 + .seconds(60) + hold)
        #expect(minute.count == 1 && minute.first.map { if case .resolve(let a) = $0 { a.key == redis.key } else { false } } == true,
                "RedisUnreachable is stateless: trusted after a minute (and its hold); SafeModeStuck waits its 900 s")
        #expect(set.evaluate(inputs, now: t0 + .seconds(899)).isEmpty)
        #expect(set.evaluate(inputs, now: t0 + .seconds(900)).count == 1)
    }
}
