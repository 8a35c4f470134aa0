import Testing
import WardenCore

struct AlertTrackerTests {
    let t0 = WallTime(milliseconds: 1_800_000_000_000)
    let key = AlertKey(.safeModeStuck, "quantum:safety:safe_mode")

    func bad(_ s: String = "on") -> Condition { .bad(summary: s, severity: .critical) }

    @Test
    func firesOnlyAfterHoldingForItsDurationThenOnceAndResolvesOnce() {
        var t = AlertTracker(holdFor: [.safeModeStuck: .seconds(60)])
        #expect(t.update([Observation(key, bad())], covering: [.safeModeStuck], now: t0).isEmpty)
        #expect(t.pending == [key])
        #expect(t.update([Observation(key, bad())], covering: [.safeModeStuck], now: t0 + .seconds(59)).isEmpty)
        let fired = t.update([Observation(key, bad())], covering: [.safeModeStuck], now: t0 + .seconds(60))
        guard case .fire(let alert)? = fired.first, fired.count == 1 else { Issue.record("got \(fired)"); return }
        #expect(alert.startsAt == t0 && alert.state == .firing && alert.severity == .critical)
        for s in 61...300 { #expect(t.update([Observation(key, bad())], covering: [.safeModeStuck], now: t0 + .seconds(s)).isEmpty) }
        let resolved = t.update([Observation(key, .ok)], covering: [.safeModeStuck], now: t0 + .seconds(301))
        guard case .resolve(let r)? = resolved.first, resolved.count == 1 else { Issue.record("got \(resolved)"); return }
        #expect(r.state == .resolved && r.endsAt == t0 + .seconds(301))
        #expect(t.update([Observation(key, .ok)], covering: [.safeModeStuck], now: t0 + .seconds(302)).isEmpty)
    }

    @Test
    func firingIsOrderedByNameThenSubjectWhateverTheOrderTheyFired() {
        var t = AlertTracker()
        let names: [AlertName] = [.priceStale, .consumerLag, .exitPathBroken]
        let keys = (0..<300).map { AlertKey(names[$0 % 3], "S\(($0 * 7919) % 300)USDT") }
        _ = t.update(keys.map { Observation($0, bad("x")) }, covering: Set(names), now: t0)
        #expect(t.firing.map(\.key) == keys.sorted())
        #expect(t.firing.allSatisfy { $0.state == .firing && $0.summary == "x" })
    }

    @Test
    func flappingShorterThanTheHoldNeverPages() {
        var t = AlertTracker(holdFor: [.safeModeStuck: .seconds(60)])
        for s in stride(from: 0, to: 600, by: 30) {
            let c: Condition = (s / 30) % 2 == 0 ? bad() : .ok
            #expect(t.update([Observation(key, c)], covering: [.safeModeStuck], now: t0 + .seconds(s)).isEmpty)
        }
    }

    @Test
    func unknownNeitherFiresNorResolves() {
        var t = AlertTracker()
        _ = t.update([Observation(key, bad())], covering: [.safeModeStuck], now: t0)
        #expect(t.firing.count == 1)
        #expect(t.update([Observation(key, .unknown(reason: "redis down"))], covering: [.safeModeStuck], now: t0 + .seconds(5)).isEmpty)
        #expect(t.firing.count == 1)
        var fresh = AlertTracker()
        #expect(fresh.update([Observation(key, .unknown(reason: "redis down"))], covering: [.safeModeStuck], now: t0).isEmpty)
        #expect(fresh.firing.isEmpty && fresh.pending.isEmpty)
    }

    @Test
    func subjectThatDisappearsResolves() {
        var t = AlertTracker()
        let btc = AlertKey(.priceStale, "BTCUSDT")
        _ = t.update([Observation(btc, bad("no price"))], covering: [.priceStale], now: t0)
        let out = t.update([], covering: [.priceStale], now: t0 + .seconds(1))
        #expect(out.count == 1)
        // Other evaluators' updates do not touch it.
        var u = AlertTracker()
        _ = u.update([Observation(btc, bad("no price"))], covering: [.priceStale], now: t0)
        #expect(u.update([], covering: [.staleStream], now: t0 + .seconds(1)).isEmpty)
    }

    @Test
    func fingerprintIsStablePerNameAndSubject() {
        #expect(Alert.fingerprint(key) == Alert.fingerprint(AlertKey(.safeModeStuck, "quantum:safety:safe_mode")))
        #expect(Alert.fingerprint(key) != Alert.fingerprint(AlertKey(.safeModeStuck, "other")))
        #expect(Alert.fingerprint(key).count == 16)
    }
}
