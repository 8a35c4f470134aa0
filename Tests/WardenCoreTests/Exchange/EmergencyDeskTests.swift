import Testing
import WardenCore

struct EmergencyDeskTests {
    let t0 = WallTime(milliseconds: 1_800_000_000_000)
    let key = PositionKey(symbol: "BTCUSDT")
    let lot = LotFilter(stepSize: "0.001", minQty: "0.001", maxQty: "100")
    var desk = EmergencyDesk(mode: .armed, maxOrdersPerHour: 10)

    func position(_ qty: Double) -> ExchangePosition? {
        qty > 0 ? ExchangePosition(symbol: "BTCUSDT", side: .long, quantity: qty, entryPrice: 100, leverage: 5) : nil
    }

    func sends(_ actions: [EmergencyDesk.Action]) -> [EmergencyOrder] {
        actions.compactMap { if case .send(let o) = $0 { return o }; return nil }
    }

    mutating func read(_ qty: Double, kill: Bool = false) -> [EmergencyDesk.Action] {
        desk.positionRead(key, position(qty), filter: lot, hedgeMode: false, killSwitchKeyPresent: kill, now: t0)
    }

    @Test
    mutating func brokenExitPathClosesOnceAndConfirms() {
        #expect(desk.open(key, why: "exit path broken", now: t0).contains(.readPosition(key)))
        let sent = sends(read(0.015))
        #expect(sent.count == 1 && sent.first?.quantity == "0.015" && sent.first?.side == "SELL")
        #expect(desk.open(key, why: "again", now: t0).isEmpty, "one incident per position at a time")
        #expect(desk.orderAnswered(key, .filled(orderID: "1"), now: t0).contains(.readPosition(key)))
        _ = read(0)
        #expect(desk.incidents[key]?.phase == .done(.closed(orderID: sent[0].clientOrderID)))
    }

    @Test
    mutating func unknownOutcomeIsQueriedNeverResentBlindly() {
        _ = desk.open(key, why: "x", now: t0)
        let order = sends(read(1))[0]
        let afterUnknown = desk.orderAnswered(key, .unknown, now: t0)
        #expect(sends(afterUnknown).isEmpty)
        #expect(afterUnknown.contains(.queryOrder(symbol: "BTCUSDT", clientOrderID: order.clientOrderID)))
        // The 503 "Unknown error" that executed: the query finds it filled; nothing is sent again.
        #expect(sends(desk.orderQueried(key, .filled(orderID: "9"), now: t0)).isEmpty)
        #expect(sends(read(0)).isEmpty)
        #expect(desk.incidents[key]?.isOpen == false)
    }

    @Test
    mutating func orderThatNeverArrivedIsSentOnceMoreWithTheSameIDAfterARead() {
        _ = desk.open(key, why: "x", now: t0)
        let first = sends(read(1))[0]
        _ = desk.orderAnswered(key, .unknown, now: t0)
        #expect(sends(desk.orderQueried(key, .notFound, now: t0)).isEmpty, "re-read the position first")
        let second = sends(read(1))
        #expect(second == [first], "the same deterministic client order id")
        _ = desk.orderAnswered(key, .unknown, now: t0)
        _ = desk.orderQueried(key, .notFound, now: t0)
        #expect(sends(read(1)).isEmpty, "never a third send")
        guard case .halted? = desk.incidents[key]?.phase else { Issue.record("not halted"); return }
    }

    @Test
    mutating func aSureFailureIsRetriedAfterAGrowingPauseWithTheSameOrder() {
        _ = desk.open(key, why: "x", now: t0)
        let first = sends(read(1))[0]
        var pauses: [Duration] = []
        for attempt in 1..<EmergencyDesk.maxAttempts {
            let after = desk.orderAnswered(key, .notExecuted(reason: "Service Unavailable."), now: t0)
            #expect(sends(after).isEmpty, "never sent straight away")
            guard case .wait(let pause)? = after.first(where: { if case .wait = $0 { true } else { false } }),
                  after.last == .readPosition(key) else { Issue.record("\(after)"); return }
            pauses.append(pause)
            #expect(desk.incidents[key]?.failures == attempt && desk.incidents[key]?.sends == 0)
            #expect(sends(read(1)) == [first], "the same order, the same client order id, after a fresh read")
        }
        #expect(pauses == [.milliseconds(200), .milliseconds(400), .milliseconds(800)])
        let last = desk.orderAnswered(key, .notExecuted(reason: "Service Unavailable."), now: t0)
        #expect(sends(last).isEmpty && sends(read(1)).isEmpty)
        guard case .halted(let why)? = desk.incidents[key]?.phase else { Issue.record("not halted"); return }
        #expect(why.contains("not executed 4 times"))
    }

    @Test
    mutating func aRetryFindsThePositionGoneOrTheKillSwitchOn() {
        _ = desk.open(key, why: "x", now: t0)
        _ = read(1)
        _ = desk.orderAnswered(key, .notExecuted(reason: "throttled"), now: t0)
        #expect(sends(read(0)).isEmpty)
        #expect(desk.incidents[key]?.phase == .done(.alreadyFlat))

        var other = EmergencyDesk(mode: .armed)
        _ = other.open(key, why: "x", now: t0)
        _ = other.positionRead(key, position(1), filter: lot, hedgeMode: false, killSwitchKeyPresent: false, now: t0)
        _ = other.orderAnswered(key, .notExecuted(reason: "throttled"), now: t0)
        #expect(sends(other.positionRead(key, position(1), filter: lot, hedgeMode: false, killSwitchKeyPresent: true, now: t0)).isEmpty)
        guard case .halted(let why)? = other.incidents[key]?.phase else { Issue.record("not halted"); return }
        #expect(why.contains("kill switch"))
    }

    @Test
    func sendsOfAnEarlierRunCountTowardsTheRateLimitForAnHour() {
        var d = EmergencyDesk(mode: .armed, maxOrdersPerHour: 2)
        d.restoreSends([t0 - .seconds(3601), t0 - .seconds(600), t0 - .seconds(60), t0 - .seconds(60)], now: t0)
        #expect(d.sentAt == [t0 - .seconds(600), t0 - .seconds(60)], "older than an hour dropped, duplicates once")
        _ = d.open(key, why: "x", now: t0)
        #expect(sends(d.positionRead(key, position(1), filter: lot, hedgeMode: false, killSwitchKeyPresent: false, now: t0)).isEmpty)
        guard case .halted(let why)? = d.incidents[key]?.phase else { Issue.record("not halted"); return }
        #expect(why.contains("rate limit"))
        var later = EmergencyDesk(mode: .armed, maxOrdersPerHour: 2)
        later.restoreSends([t0 - .seconds(600), t0 - .seconds(60)], now: t0 + .seconds(3001))
        _ = later.open(key, why: "x", now: t0 + .seconds(3001))
        #expect(sends(later.positionRead(key, position(1), filter: lot, hedgeMode: false, killSwitchKeyPresent: false,
                                         now: t0 + .seconds(3001))).count == 1, "one of the two has left the hour")
    }

    @Test
    mutating func killSwitchTurnedOnBeforeTheResendStopsIt() {
        _ = desk.open(key, why: "x", now: t0)
        _ = read(1)
        _ = desk.orderAnswered(key, .unknown, now: t0)
        _ = desk.orderQueried(key, .notFound, now: t0)
        #expect(sends(read(1, kill: true)).isEmpty, "the order that never arrived is not re-sent past the kill switch")
        guard case .halted(let why)? = desk.incidents[key]?.phase else { Issue.record("not halted"); return }
        #expect(why.contains("kill switch"))
    }

    @Test
    mutating func reduceOnlyRejectionRereadsAndNeverLoops() {
        _ = desk.open(key, why: "x", now: t0)
        _ = read(1)
        #expect(desk.orderAnswered(key, .rejected(code: -2022, message: "ReduceOnly Order is rejected."), now: t0) .contains(.readPosition(key)))
        #expect(sends(read(1)).isEmpty)
        guard case .halted? = desk.incidents[key]?.phase else { Issue.record("not halted"); return }
        #expect(sends(read(1)).isEmpty)
    }

    @Test(arguments: [EmergencyMode.off, .dryRun])
    func nothingIsSentUnlessArmed(mode: EmergencyMode) {
        var d = EmergencyDesk(mode: mode)
        _ = d.open(key, why: "x", now: t0)
        let out = d.positionRead(key, position(1), filter: lot, hedgeMode: false, killSwitchKeyPresent: false, now: t0)
        #expect(sends(out).isEmpty)
        #expect(out.contains { if case .notify = $0 { return true }; return false }, "dry-run still tells on-call what it would do")
    }

    @Test
    mutating func killSwitchInConfigOrRedisBlocks() {
        _ = desk.open(key, why: "x", now: t0)
        #expect(sends(read(1, kill: true)).isEmpty)
        var d = EmergencyDesk(mode: .armed, killSwitch: true)
        _ = d.open(key, why: "x", now: t0)
        #expect(sends(d.positionRead(key, position(1), filter: lot, hedgeMode: false, killSwitchKeyPresent: false, now: t0)).isEmpty)
    }

    @Test
    func rateLimitCapsOrdersPerHour() {
        var d = EmergencyDesk(mode: .armed, maxOrdersPerHour: 2)
        var sent = 0
        for i in 0..<5 {
            let k = PositionKey(symbol: "S\(i)USDT")
            _ = d.open(k, why: "x", now: t0)
            let p = ExchangePosition(symbol: k.symbol, side: .short, quantity: 1, entryPrice: 1, leverage: 1)
            sent += d.positionRead(k, p, filter: lot, hedgeMode: false, killSwitchKeyPresent: false, now: t0 + .seconds(i))
                .filter { if case .send = $0 { return true }; return false }.count
        }
        #expect(sent == 2)
    }

    @Test
    mutating func restartMidSendQueriesInsteadOfSending() {
        _ = desk.open(key, why: "x", now: t0)
        let persisted = read(1).compactMap { if case .persist(let i) = $0 { return i }; return nil }.last!
        var restarted = EmergencyDesk(mode: .armed)
        let actions = restarted.restore([persisted])
        #expect(sends(actions).isEmpty)
        #expect(actions.contains { if case .queryOrder = $0 { return true }; return false })
    }
}
