import Testing
import WardenCore

/// The re-notification state machine, driven by a hand-moved clock.
struct AlertRoutingTests {
    let t0 = WallTime(milliseconds: 1_800_000_000_000)
    let routes = [
        AlertRouting.Route(name: "pager", minSeverity: .critical, repeatInterval: .seconds(3600)),
        AlertRouting.Route(name: "chat", minSeverity: .warning, repeatInterval: .seconds(600)),
        AlertRouting.Route(name: "once", minSeverity: .warning, repeatInterval: .zero),
    ]

    func alert(_ severity: Severity = .warning, subject: String = "BTCUSDT", summary: String = "lag 5000",
               at: WallTime? = nil) -> Alert {
        Alert(key: AlertKey(.consumerLag, subject), severity: severity, summary: summary, state: .firing, startsAt: at ?? t0)
    }

    func resolved(_ a: Alert, at: WallTime) -> Alert {
        var r = a
        r.state = .resolved
        r.endsAt = at
        return r
    }

    /// (route, state, repeat) of each action, in order.
    func summary(_ actions: [AlertRouting.StateMachine.Action]) -> [String] {
        actions.map { action in
            guard case .notify(let route, let n) = action else { return "?" }
            return "\(route):\(n.alert.state.rawValue)\(n.isRepeat ? ":repeat" : "")"
        }
    }

    @Test
    func firingNotifiesEachQualifyingRouteOnce() {
        var m = AlertRouting.StateMachine(routes: routes)
        #expect(summary(m.fire(alert(), now: t0)) == ["chat:firing", "once:firing"])
        #expect(m.fire(alert(), now: t0 + .seconds(1)).isEmpty, "a second fire without a resolve is not a new incident")
        var m2 = AlertRouting.StateMachine(routes: routes)
        #expect(summary(m2.fire(alert(.critical), now: t0)) == ["pager:firing", "chat:firing", "once:firing"])
    }

    @Test(arguments: [
        (599, [String]()), (600, ["chat:firing:repeat"]), (1199, []), (1200, ["chat:firing:repeat"]),
        (3600, ["pager:firing:repeat", "chat:firing:repeat"]),
    ])
    func stillFiringRepeatsPerRouteInterval(second: Int, expected: [String]) {
        var m = AlertRouting.StateMachine(routes: routes)
        _ = m.fire(alert(.critical), now: t0)
        // Ticks every 600 s up to (not including) `second`, then one at `second`.
        for s in stride(from: 600, to: second, by: 600) { _ = m.tick(now: t0 + .seconds(s)) }
        #expect(summary(m.tick(now: t0 + .seconds(second))) == expected)
    }

    @Test
    func zeroIntervalNeverRepeats() {
        var m = AlertRouting.StateMachine(routes: [AlertRouting.Route(name: "once", repeatInterval: .zero)])
        _ = m.fire(alert(), now: t0)
        for hour in 1...48 { #expect(m.tick(now: t0 + .seconds(hour * 3600)).isEmpty) }
    }

    @Test
    func resolveGoesOnceAndOnlyToRoutesThatWereToldItFired() {
        var m = AlertRouting.StateMachine(routes: routes)
        let a = alert()
        _ = m.fire(a, now: t0)
        #expect(summary(m.resolve(resolved(a, at: t0 + .seconds(30)), now: t0 + .seconds(30))) == ["chat:resolved", "once:resolved"])
        #expect(m.resolve(resolved(a, at: t0 + .seconds(31)), now: t0 + .seconds(31)).isEmpty)
        #expect(m.tick(now: t0 + .seconds(100_000)).isEmpty, "nothing repeats after the resolve")
        #expect(summary(m.fire(alert(at: t0 + .seconds(200)), now: t0 + .seconds(200))) == ["chat:firing", "once:firing"],
                "a new incident after the resolve notifies again")
    }

    @Test
    func escalationReachesCriticalRoutesAtOnceThenRepeats() {
        var m = AlertRouting.StateMachine(routes: routes)
        _ = m.fire(alert(), now: t0)
        #expect(summary(m.refresh([alert(.critical, summary: "lag 90000")], now: t0 + .seconds(10))) == ["pager:firing"])
        let repeats = m.tick(now: t0 + .seconds(3610))
        #expect(summary(repeats) == ["pager:firing:repeat", "chat:firing:repeat"])
        guard case .notify(_, let n)? = repeats.first else { return }
        #expect(n.alert.summary == "lag 90000" && n.alert.severity == .critical, "repeats carry the newest state")
        let r = m.resolve(resolved(alert(.critical), at: t0 + .seconds(4000)), now: t0 + .seconds(4000))
        #expect(summary(r) == ["pager:resolved", "chat:resolved", "once:resolved"])
    }

    @Test
    func refreshIgnoresAlertsThatNeverFired() {
        var m = AlertRouting.StateMachine(routes: routes)
        #expect(m.refresh([alert(.critical)], now: t0).isEmpty)
        #expect(m.firingAlerts.isEmpty)
    }

    @Test
    func subjectsAreSeparateIncidents() {
        var m = AlertRouting.StateMachine(routes: [AlertRouting.Route(name: "chat", repeatInterval: .seconds(60))])
        let btc = alert(subject: "BTCUSDT"), eth = alert(subject: "ETHUSDT", at: t0 + .seconds(30))
        #expect(btc.fingerprint != eth.fingerprint)
        _ = m.fire(btc, now: t0)
        #expect(summary(m.fire(eth, now: t0 + .seconds(30))) == ["chat:firing"])
        _ = m.resolve(resolved(btc, at: t0 + .seconds(40)), now: t0 + .seconds(40))
        let due = m.tick(now: t0 + .seconds(90))
        guard case .notify(_, let n)? = due.first, due.count == 1 else { Issue.record("got \(due)"); return }
        #expect(n.alert.key.subject == "ETHUSDT" && n.isRepeat)
    }

    @Test
    func aStormRepeatsOnlyWhatIsDueOldestFirst() {
        // 50 alerts, one every 20 s, for different subjects; the chat route repeats after 600 s.
        var m = AlertRouting.StateMachine(routes: [AlertRouting.Route(name: "chat", repeatInterval: .seconds(600))])
        let alerts = (0..<50).map { alert(subject: "S\($0)USDT", at: t0 + .seconds(20 * $0)) }
        for a in alerts.reversed() { _ = m.fire(a, now: a.startsAt) }
        #expect(m.tick(now: t0 + .seconds(599)).isEmpty, "nothing is due before the first interval ends")
        let due = m.tick(now: t0 + .seconds(1000))
        let subjects = due.compactMap { action -> String? in
            guard case .notify(_, let n) = action, n.isRepeat else { return nil }
            return n.alert.key.subject
        }
        #expect(subjects == (0...20).map { "S\($0)USDT" }, "fired at ≤ 400 s, oldest first")
        #expect(m.tick(now: t0 + .seconds(1000)).isEmpty, "each was told once")
        #expect(m.tick(now: t0 + .seconds(1020)).count == 1, "the next one comes due 20 s later")
    }
}
