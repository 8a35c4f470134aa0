import Binance
import InMemoryLogging
import Logging
import PaperExchange
import Redis
import Testing
import WardenCore
@testable import WardenServices

/// The failsafe against a real paper exchange and a real redis-server (wall-clock: faults hold
/// answers, queries are paced).
@Suite(.timeLimit(.minutes(1)))
struct FailsafeTimingTests {
    static var idPattern: Regex<Substring> { /^[.A-Z:\/a-z0-9_-]{1,36}$/ }

    func orderPosts(_ f: FailsafeFixture) -> Int {
        f.store.withState { $0.journal.filter { $0.method == "POST" && $0.path == "/fapi/v1/order" }.count }
    }

    @Test
    func brokenExitPathSendsExactlyOneReduceOnlyMarketClose() async throws {
        try await FailsafeFixture.with { f in
            try await f.admin("/admin/positions", #"{"symbol":"BTCUSDT","amount":"0.015","entryPrice":"64000"}"#)
            let notices = NoticeLog()
            let closer = try f.closer(notices: notices)
            await closer.escalate(PositionKey(symbol: "BTCUSDT"), why: "exit path broken: tp_hit not confirmed")
            #expect(f.orders.count == 1)
            let o = try #require(f.orders.first)
            #expect(o.type == .market && o.side == .sell && o.reduceOnly && o.positionSide == .both)
            #expect(o.quantity.description == "0.015")
            #expect(o.clientOrderId.wholeMatch(of: Self.idPattern) != nil, "\(o.clientOrderId)")
            let sent = try #require(f.store.withState { $0.journal.first { $0.method == "POST" && $0.path == "/fapi/v1/order" } })
            #expect(sent.params["newOrderRespType"] == "RESULT")
            #expect(sent.params["reduceOnly"] == "true")
            #expect(f.amount("BTCUSDT") == "0")
            #expect(await closer.incident(PositionKey(symbol: "BTCUSDT"))?.phase == .done(.closed(orderID: o.clientOrderId)))
            #expect(await closer.health.ordersSent == 1)
            #expect(await closer.health.openIncidents == 0)
            #expect(notices.all.contains { $0.contains("closed by the emergency order") })
            let audit = try await f.auditEntries()
            #expect(audit.contains { $0["event"] == "emergency_close" && $0["client_order_id"] == o.clientOrderId
                && $0["side"] == "SELL" && $0["quantity"] == "0.015" && ($0["outcome"] ?? "").hasPrefix("filled") })
            #expect(f.logs.entries.contains { $0.metadata["warden.event"] == "EMERGENCY_CLOSE" && $0.metadata["symbol"] == "BTCUSDT" })
            // A second escalation opens a new incident, finds the position flat, sends nothing.
            await closer.escalate(PositionKey(symbol: "BTCUSDT"), why: "again")
            #expect(f.orders.count == 1)
            #expect(await closer.incident(PositionKey(symbol: "BTCUSDT"))?.phase == .done(.alreadyFlat))
        }
    }

    @Test(arguments: [
        #"{"path":"/fapi/v1/order","kind":"unknown_503"}"#,
        #"{"path":"/fapi/v1/order","kind":"timeout_1007"}"#,
        #"{"path":"/fapi/v1/order","kind":"timeout","holdMs":3000}"#,
    ])
    func unknownOutcomeThatExecutedIsQueriedNotResent(_ fault: String) async throws {
        try await FailsafeFixture.with { f in
            try await f.admin("/admin/positions", #"{"symbol":"ETHUSDT","amount":"-1.5","entryPrice":"3400"}"#)
            try await f.admin("/admin/faults", fault)
            let closer = try f.closer()
            await closer.escalate(PositionKey(symbol: "ETHUSDT"), why: "test")
            #expect(f.orders.count == 1)
            #expect(orderPosts(f) == 1)
            #expect(f.orders.first?.side == .buy)
            #expect(f.amount("ETHUSDT") == "0")
            let phase = await closer.incident(PositionKey(symbol: "ETHUSDT"))?.phase
            guard case .done(.closed)? = phase else { Issue.record("phase \(String(describing: phase))"); return }
        }
    }

    /// 503 "Service Unavailable." is a sure failure (REFERENCE: retry with back-off): the same
    /// order goes again after 200 and 400 ms, and the third attempt closes the position.
    @Test
    func serviceUnavailableIsRetriedWithBackOffAndCloses() async throws {
        try await FailsafeFixture.with { f in
            try await f.admin("/admin/positions", #"{"symbol":"BTCUSDT","amount":"0.015","entryPrice":"64000"}"#)
            try await f.admin("/admin/faults", #"{"path":"/fapi/v1/order","kind":"unavailable_503","count":2}"#)
            let notices = NoticeLog()
            let closer = try f.closer(notices: notices)
            let started = ContinuousClock.now
            await closer.escalate(PositionKey(symbol: "BTCUSDT"), why: "test")
            #expect(ContinuousClock.now - started >= .milliseconds(600), "paused 200 + 400 ms between attempts")
            #expect(orderPosts(f) == 3, "two refused, the third accepted")
            #expect(f.orders.count == 1, "exactly one order executed")
            let ids = Set(f.store.withState { $0.journal.filter { $0.method == "POST" && $0.path == "/fapi/v1/order" } }
                .compactMap { $0.params["newClientOrderId"] })
            #expect(ids.count == 1, "the same client order id each attempt")
            #expect(f.amount("BTCUSDT") == "0")
            let incident = await closer.incident(PositionKey(symbol: "BTCUSDT"))
            guard case .done(.closed)? = incident?.phase else { Issue.record("phase \(String(describing: incident?.phase))"); return }
            #expect(incident?.failures == 2 && incident?.sends == 1)
            #expect(notices.all.filter { $0.contains("order not executed") }.count == 2)
        }
    }

    /// The rate limit outlives a restart: the sends of the last hour are kept in Redis.
    @Test
    func rateLimitCountsTheSendsOfAnEarlierRun() async throws {
        try await FailsafeFixture.with { f in
            try await f.admin("/admin/positions", #"{"positions":[{"symbol":"BTCUSDT","amount":"0.010","entryPrice":"64000"},{"symbol":"ETHUSDT","amount":"1","entryPrice":"3400"}]}"#)
            let settings = EmergencyCloser.Settings(mode: .armed, maxOrdersPerHour: 1)
            let first = EmergencyCloser(settings: settings, binance: f.binance(), redis: try f.redis(), logger: Logger(label: "t"))
            #expect(await first.restore())
            await first.escalate(PositionKey(symbol: "BTCUSDT"), why: "test")
            #expect(f.orders.count == 1 && f.amount("BTCUSDT") == "0")
            #expect(try await f.redis().command(["ZCARD", "warden:failsafe:sends"]).int == 1)
            // Warden restarts.
            let second = EmergencyCloser(settings: settings, binance: f.binance(), redis: try f.redis(), logger: Logger(label: "t"))
            #expect(await second.restore())
            await second.escalate(PositionKey(symbol: "ETHUSDT"), why: "test")
            #expect(f.orders.count == 1, "the hour's one order was already sent by the first run")
            guard case .halted(let why)? = await second.incident(PositionKey(symbol: "ETHUSDT"))?.phase else {
                Issue.record("not halted"); return
            }
            #expect(why.contains("rate limit"))
        }
    }

    @Test
    func serviceUnavailableEveryTimeHaltsAfterFourAttempts() async throws {
        try await FailsafeFixture.with { f in
            try await f.admin("/admin/positions", #"{"symbol":"BTCUSDT","amount":"0.015","entryPrice":"64000"}"#)
            try await f.admin("/admin/faults", #"{"path":"/fapi/v1/order","kind":"unavailable_503","count":10}"#)
            let closer = try f.closer()
            await closer.escalate(PositionKey(symbol: "BTCUSDT"), why: "test")
            #expect(orderPosts(f) == EmergencyDesk.maxAttempts && f.orders.isEmpty)
            #expect(f.amount("BTCUSDT") == "0.015")
            guard case .halted(let why)? = await closer.incident(PositionKey(symbol: "BTCUSDT"))?.phase else {
                Issue.record("not halted"); return
            }
            #expect(why.contains("close it by hand"))
        }
    }

    @Test
    func reduceOnlyRejectedWhenFlatBeforeTheOrderLandsDoesNotLoop() async throws {
        try await FailsafeFixture.with { f in
            try await f.admin("/admin/positions", #"{"symbol":"BTCUSDT","amount":"0.010","entryPrice":"64000"}"#)
            // The position read is answered late (with the open position); meanwhile it is closed.
            try await f.admin("/admin/faults", #"{"path":"/fapi/v2/positionRisk","kind":"timeout","holdMs":600}"#)
            let closer = try f.closer()
            async let done: Void = closer.escalate(PositionKey(symbol: "BTCUSDT"), why: "test")
            // Closed once the read has been answered (held back), not after a fixed head start:
            // on a busy machine the read may not have gone out after 200 ms.
            #expect(try await eventually {
                f.store.withState { $0.journal.contains { $0.path == "/fapi/v2/positionRisk" } }
            })
            try await f.admin("/admin/positions", #"{"symbol":"BTCUSDT","amount":"0"}"#)
            await done
            #expect(orderPosts(f) == 1)
            #expect(f.orders.isEmpty)
            let rejected = f.store.withState { $0.journal.last { $0.path == "/fapi/v1/order" } }
            #expect(rejected?.code == -2022)
            #expect(await closer.incident(PositionKey(symbol: "BTCUSDT"))?.phase == .done(.alreadyFlat))
        }
    }

    @Test
    func clockSkewResyncsThenCloses() async throws {
        try await FailsafeFixture.with { f in
            try await f.admin("/admin/positions", #"{"symbol":"SOLUSDT","amount":"3","entryPrice":"150"}"#)
            // The server runs 3 s behind: every local timestamp is "ahead of the server's time".
            try await f.admin("/admin/clock", #"{"skewMs":-3000}"#)
            let closer = try f.closer()
            await closer.escalate(PositionKey(symbol: "SOLUSDT"), why: "test")
            #expect(f.orders.count == 1)
            #expect(f.amount("SOLUSDT") == "0")
            #expect(f.store.withState { $0.journal.contains { $0.code == -1021 } })
        }
    }

    @Test
    func hedgeModeSendsPositionSideWithoutReduceOnly() async throws {
        try await FailsafeFixture.with { f in
            try await f.admin("/admin/dual-side", #"{"dualSidePosition":true}"#)
            try await f.admin("/admin/positions", #"{"symbol":"BTCUSDT","amount":"0.020","entryPrice":"64000","positionSide":"LONG"}"#)
            let closer = try f.closer()
            await closer.escalate(PositionKey(symbol: "BTCUSDT", hedgeSide: .long), why: "test")
            let o = try #require(f.orders.first)
            #expect(f.orders.count == 1)
            #expect(o.positionSide == .long && o.side == .sell && !o.reduceOnly)
            let sent = f.store.withState { $0.journal.first { $0.method == "POST" && $0.path == "/fapi/v1/order" } }
            #expect(sent?.params["reduceOnly"] == nil)
            #expect(f.amount("BTCUSDT", .long) == "0")
        }
    }

    @Test
    func dryRunAndKillSwitchSendNothing() async throws {
        try await FailsafeFixture.with { f in
            try await f.admin("/admin/positions", #"{"symbol":"BTCUSDT","amount":"0.010","entryPrice":"64000"}"#)
            let dry = try f.closer(.dryRun)
            await dry.escalate(PositionKey(symbol: "BTCUSDT"), why: "test")
            guard case .done(.dryRun)? = await dry.incident(PositionKey(symbol: "BTCUSDT"))?.phase else {
                Issue.record("not a dry run"); return
            }
            _ = try await f.redis().command(["SET", "warden:emergency:kill", "1"])
            let armed = try f.closer()
            await armed.escalate(PositionKey(symbol: "BTCUSDT"), why: "test")
            guard case .halted? = await armed.incident(PositionKey(symbol: "BTCUSDT"))?.phase else {
                Issue.record("not halted by the kill switch"); return
            }
            #expect(orderPosts(f) == 0)
            #expect(f.amount("BTCUSDT") == "0.01")
        }
    }

    @Test
    func unreachableRedisMeansNothingIsSent() async throws {
        try await FailsafeFixture.with { f in
            try await f.admin("/admin/positions", #"{"symbol":"BTCUSDT","amount":"0.010","entryPrice":"64000"}"#)
            let notices = NoticeLog()
            let closer = EmergencyCloser(settings: .init(mode: .armed), binance: f.binance(),
                                         redis: try RedisClient(url: "redis://127.0.0.1:1/0", connectTimeout: .milliseconds(300)),
                                         logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() },
                                         onNotice: { key, text in notices.append("\(key): \(text)") })
            await closer.escalate(PositionKey(symbol: "BTCUSDT"), why: "test")
            await closer.resume()
            #expect(orderPosts(f) == 0)
            #expect(f.amount("BTCUSDT") == "0.01")
            #expect(await closer.health.openIncidents == 1)
            #expect(notices.all.contains { $0.contains("cannot persist") })
        }
    }

    @Test(arguments: [true, false])
    func restartMidIncidentNeverDuplicates(_ orderReachedTheExchange: Bool) async throws {
        try await FailsafeFixture.with { f in
            try await f.admin("/admin/positions", #"{"symbol":"BTCUSDT","amount":"0.010","entryPrice":"64000"}"#)
            let key = PositionKey(symbol: "BTCUSDT")
            let started = WallTime(milliseconds: 1_790_000_000_000)
            let order = EmergencyOrder(symbol: "BTCUSDT", side: "SELL", quantity: "0.010", positionSide: nil,
                                       clientOrderID: ClientOrderID.emergency(symbol: "BTCUSDT", incident: started))
            if orderReachedTheExchange {
                // The previous process sent it and died before the answer was recorded.
                guard case .filled = await f.binance().newOrder(order) else { Issue.record("setup order"); return }
            }
            let record = IncidentRecord.encode(EmergencyIncident(key: key, why: "before restart", startedAt: started,
                                                                 phase: .sending(order), sends: 1))
            _ = try await f.redis().command(["HSET", "warden:failsafe:incidents", "BTCUSDT", record])
            let closer = try f.closer()
            #expect(await closer.restore())
            #expect(f.orders.count == 1)
            #expect(f.orders.first?.clientOrderId == order.clientOrderID)
            #expect(f.amount("BTCUSDT") == "0")
            #expect(await closer.incident(key)?.phase == .done(.closed(orderID: order.clientOrderID)))
            let saved = try await f.redis().command(["HGET", "warden:failsafe:incidents", "BTCUSDT"]).string ?? ""
            #expect(IncidentRecord.decode(saved)?.phase == .done(.closed(orderID: order.clientOrderID)))
        }
    }

    @Test
    func manualCloseInHedgeModeClosesBothLegs() async throws {
        try await FailsafeFixture.with { f in
            try await f.admin("/admin/dual-side", #"{"dualSidePosition":true}"#)
            try await f.admin("/admin/positions", #"{"positions":[{"symbol":"ETHUSDT","amount":"1","entryPrice":"3400","positionSide":"LONG"},{"symbol":"ETHUSDT","amount":"-2","entryPrice":"3400","positionSide":"SHORT"}]}"#)
            let closer = try f.closer()
            let outcome = await closer.close(symbol: "ETHUSDT", why: "manual")
            #expect(outcome.result == .closed, "\(outcome)")
            #expect(f.orders.count == 2)
            #expect(f.amount("ETHUSDT", .long) == "0" && f.amount("ETHUSDT", .short) == "0")
            let again = await closer.close(symbol: "ETHUSDT", why: "manual")
            #expect(again.result == .closed && again.text.contains("already flat"))
            #expect(f.orders.count == 2)
        }
    }
}

/// The service restores a persisted incident on start and finishes it.
@Suite(.timeLimit(.minutes(1)))
struct FailsafeServiceTimingTests {
    @Test
    func serviceRestoresAnUnsentIncidentAndSendsItOnce() async throws {
        try await FailsafeFixture.with { f in
            try await f.admin("/admin/positions", #"{"symbol":"SOLUSDT","amount":"-4","entryPrice":"150"}"#)
            let started = WallTime(milliseconds: 1_790_000_000_000)
            let order = EmergencyOrder(symbol: "SOLUSDT", side: "BUY", quantity: "4", positionSide: nil,
                                       clientOrderID: ClientOrderID.emergency(symbol: "SOLUSDT", incident: started))
            let record = IncidentRecord.encode(EmergencyIncident(key: PositionKey(symbol: "SOLUSDT"), why: "before restart",
                                                                 startedAt: started, phase: .sending(order), sends: 1))
            _ = try await f.redis().command(["HSET", "warden:failsafe:incidents", "SOLUSDT", record])
            let closer = try f.closer()
            let service = FailsafeService(closer: closer, interval: .milliseconds(200))
            try await running([service]) {
                #expect(await eventually { f.amount("SOLUSDT") == "0" })
                #expect(await eventually { await closer.health.openIncidents == 0 })
            }
            #expect(f.orders.count == 1)
            #expect(f.orders.first?.clientOrderId == order.clientOrderID)
            #expect(f.store.withState { $0.journal.contains { $0.path == "/fapi/v1/order" && $0.method == "GET" && $0.code == -2013 } })
        }
    }
}
