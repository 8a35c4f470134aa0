import Blocking
import HTTP
import Redis
import ServiceLifecycle
import Synchronization
import WardenCore
import WardenServices

/// The demo's script: open three positions, move prices, break the exit path of the third, turn
/// safe mode on, and check that Warden did everything it should. A `Service` in Warden's own
/// group: when it ends, the group shuts down; on Ctrl-C it is cancelled.
struct DemoStory: Service {
    let app: WardenApp
    let execution: ExecutionService
    let redis: RedisClient
    let paperURL: String
    let inbox: AlertReceiver.Inbox
    let timeline: Timeline
    let amount: @Sendable (String) -> String
    let emergencyOrders: @Sendable (String) -> [String]
    let outcome: Outcome

    /// What the summary reports; set as the story goes.
    final class Outcome: Sendable {
        private let state = Mutex<(finished: Bool, checks: [(String, Bool)])>((false, []))
        func check(_ what: String, _ ok: Bool) { state.withLock { $0.checks.append((what, ok)) } }
        func finish() { state.withLock { $0.finished = true } }
        var finished: Bool { state.withLock { $0.finished } }
        var checks: [(String, Bool)] { state.withLock { $0.checks } }
    }

    struct Leg: Sendable {
        var symbol: String
        var action: String
        var quantity: String
        var moves: [String]
        var story: String
    }

    static let legs = [
        Leg(symbol: "BTCUSDT", action: "BUY", quantity: "0.015", moves: ["65900", "66700"],
            story: "take-profit: close intent executed by the execution service"),
        Leg(symbol: "ETHUSDT", action: "SELL", quantity: "0.5", moves: ["3530", "3560"],
            story: "stop-loss (short): close intent executed by the execution service"),
        Leg(symbol: "SOLUSDT", action: "BUY", quantity: "10", moves: ["154"],
            story: "take-profit, intent never consumed: emergency reduceOnly close by Warden"),
    ]

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await execution.run() }
                    try await story()
                    group.cancelAll()
                }
            }
            outcome.finish()
        } catch is CancellationError {
            timeline.note("demo", "interrupted: stopping Warden, the paper exchange and redis-server")
        }
    }

    func story() async throws {
        guard await waitFor("Warden's first bootstrap", seconds: 20, { await app.readiness.isBootstrapped }) else {
            outcome.check("Warden bootstrapped from the paper exchange", false)
            return
        }
        timeline.note("warden", "ready: bootstrapped from the paper exchange, emergency mode armed")

        for leg in Self.legs {
            let fill = try await execution.open(leg.symbol, action: leg.action, quantity: leg.quantity)
            timeline.note("open", leg.symbol, price: fill.price,
                          "\(leg.action == "BUY" ? "LONG" : "SHORT") \(leg.quantity), order \(fill.orderID); fill on trade.execution.res")
        }
        let tracked = await waitFor("three positions tracked", seconds: 10) { await app.monitor.book.count == 3 }
        outcome.check("three positions opened and tracked", tracked)

        for leg in Self.legs {
            try await Task.sleep(for: .milliseconds(800))
            for price in leg.moves {
                try await move(leg.symbol, to: price)
                try await Task.sleep(for: .milliseconds(500))
            }
            let ignored = execution.ignoring.contains(leg.symbol)
            let flat = await waitFor("\(leg.symbol) closed", seconds: ignored ? 40 : 10) { amount(leg.symbol) == "0" }
            if ignored {
                let orders = emergencyOrders(leg.symbol)
                for o in orders { timeline.note("exchange", leg.symbol, o) }
                outcome.check("\(leg.symbol): \(leg.story) (exactly one order: \(orders.count))", flat && orders.count == 1)
            } else {
                outcome.check("\(leg.symbol): \(leg.story)", flat)
            }
        }
        let exits = await app.monitor.exitsByReason
        outcome.check("exits by reason: tp_hit \(exits[.takeProfit] ?? 0), sl_hit \(exits[.stopLoss] ?? 0)",
                      (exits[.takeProfit] ?? 0) == 2 && (exits[.stopLoss] ?? 0) == 1)

        let resolved = await waitFor("ExitPathBroken resolved at the receiver", seconds: 20) {
            inbox.contains(.exitPathBroken, state: "resolved")
        }
        outcome.check("ExitPathBroken fired and resolved once the position was gone",
                      inbox.contains(.exitPathBroken, state: "firing") && resolved)
        outcome.check("EmergencyClose fired", await waitFor("EmergencyClose at the receiver", seconds: 5) {
            inbox.contains(.emergencyClose, state: "firing")
        })
        // Safe mode only now: while it is stuck, an exit that is due goes to the failsafe at once
        // (EscalationPolicy), which would hide the broken exit path this demo shows first.
        _ = try await redis.command(["SET", app.config.safety.safeModeKey, "1"])
        timeline.note("safe mode", "the safety layer turns safe mode on (\(app.config.safety.safeModeKey)) and leaves it on")
        let stuck = await waitFor("SafeModeStuck at the receiver", seconds: 20) { inbox.contains(.safeModeStuck, state: "firing") }
        _ = try await redis.command(["DEL", app.config.safety.safeModeKey])
        timeline.note("safe mode", "the operator clears safe mode")
        let cleared = await waitFor("SafeModeStuck resolved", seconds: 10) { inbox.contains(.safeModeStuck, state: "resolved") }
        outcome.check("SafeModeStuck fired while safe mode stayed on, resolved when cleared", stuck && cleared)
        let delivered = await waitFor("every notification delivered", seconds: 10) {
            app.alerts.health().allSatisfy { $0.queued == 0 && $0.dropped == 0 && $0.rejected == 0 }
        }
        let sent = app.alerts.health().reduce(0) { $0 + $1.delivered }
        outcome.check("every alert and resolve reached the receiver (\(sent) sent, \(inbox.all.count) received)",
                      delivered && sent == inbox.all.count)
    }

    func move(_ symbol: String, to price: String) async throws {
        let body = #"{"symbol":"\#(symbol)","price":"\#(price)"}"#
        let r = try await HTTPClient(label: "demo-admin").send(HTTPRequest(
            method: .post, url: paperURL + "/admin/mark-prices", headers: [HTTPHeader("Content-Type", "application/json")],
            body: Array(body.utf8), totalTimeout: .seconds(5)))
        guard r.status == 200 else { throw DemoError("paper exchange refused the price \(price) for \(symbol): \(r.status)") }
        _ = try await redis.command(["XADD", app.config.streams.priceUpdates, "*", "symbol", symbol, "price", price])
        timeline.note("price", symbol, price: price, "mark price on the paper exchange and price.update")
    }

    /// Polls `condition` every 100 ms; false (and a timeline line) after `seconds`.
    @discardableResult
    func waitFor(_ what: String, seconds: Int, _ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            do { try await Task.sleep(for: .milliseconds(100)) } catch { return false }
        }
        timeline.note("demo", "gave up waiting after \(seconds) s: \(what)")
        return false
    }
}
