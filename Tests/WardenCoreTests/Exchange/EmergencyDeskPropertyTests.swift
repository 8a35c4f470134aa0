import Testing
import WardenCore

/// Randomised sequences of positions, answers, faults and restarts against a model exchange:
/// no order ever increases exposure, exceeds the position, or executes twice in one incident.
struct EmergencyDeskPropertyTests {
    struct ModelExchange {
        var quantity: Double  // the long position, 0 = flat
        var executed: [String: Int] = [:]  // client order id → executions
        var violations: [String] = []

        mutating func execute(_ order: EmergencyOrder) {
            let q = Double(order.quantity)!
            if order.side != "SELL" { violations.append("increases exposure: \(order.side)") }
            if q > quantity + 1e-12 { violations.append("exceeds the position: \(q) > \(quantity)") }
            quantity = max(0, quantity - q)
            executed[order.clientOrderID, default: 0] += 1
        }
    }

    struct Run {
        var exchange: ModelExchange
        var sends: Int
        var failures: Int
        var restarts: Int
    }

    @Test
    func randomSequencesKeepTheInvariants() {
        var executedOrders = 0, restarts = 0, unknowns = 0, retried = 0
        for seed in 1...2000 {
            let run = Self.simulate(seed: seed)
            #expect(run.exchange.violations.isEmpty, "seed \(seed): \(run.exchange.violations)")
            #expect(run.exchange.executed.values.allSatisfy { $0 <= 1 }, "seed \(seed): duplicate execution \(run.exchange.executed)")
            #expect(run.sends <= 2, "seed \(seed): \(run.sends) sends")
            executedOrders += run.exchange.executed.values.reduce(0, +)
            restarts += run.restarts
            unknowns += run.sends > 1 ? 1 : 0
            retried += run.failures > 0 ? 1 : 0
            #expect(run.failures <= EmergencyDesk.maxAttempts, "seed \(seed): \(run.failures) sure failures")
        }
        // The sequences must reach the interesting paths, or the invariants say little.
        #expect(executedOrders > 500 && restarts > 100 && unknowns > 20 && retried > 100,
                "executed \(executedOrders), restarts \(restarts), re-sends \(unknowns), retried after sure failures \(retried)")
    }

    static func simulate(seed: Int) -> Run {
        var rng = SplitMix64(state: UInt64(seed))
        func chance(_ p: Double) -> Bool { Double(rng.next() % 10_000) / 10_000 < p }
        let lot = LotFilter(stepSize: "0.001", minQty: "0.001", maxQty: "1000")
        let key = PositionKey(symbol: "BTCUSDT")
        var exchange = ModelExchange(quantity: Double(rng.next() % 5000 + 1) / 1000)
        var desk = EmergencyDesk(mode: .armed, maxOrdersPerHour: 100)
        var saved: EmergencyIncident?
        let t0 = WallTime(milliseconds: 1_800_000_000_000)
        var queue = desk.open(key, why: "property", now: t0)
        var steps = 0, restarts = 0
        while !queue.isEmpty, steps < 200 {
            steps += 1
            let action = queue.removeFirst()
            let now = t0 + .seconds(steps)
            if chance(0.05), let s = saved {  // a restart: everything in flight is forgotten
                desk = EmergencyDesk(mode: .armed, maxOrdersPerHour: 100)
                queue = desk.restore([s])
                restarts += 1
                continue
            }
            switch action {
            case .persist(let i): saved = i
            case .notify, .wait: break
            case .readPosition(let k):
                if chance(0.05) { exchange.quantity = 0 }  // closed elsewhere meanwhile
                let p = exchange.quantity > 0
                    ? ExchangePosition(symbol: k.symbol, side: .long, quantity: exchange.quantity, entryPrice: 100, leverage: 3) : nil
                queue += desk.positionRead(k, p, filter: lot, hedgeMode: false, killSwitchKeyPresent: false, now: now)
            case .send(let order):
                let roll = rng.next() % 6
                switch roll {
                case 0: exchange.execute(order); queue += desk.orderAnswered(key, .filled(orderID: "1"), now: now)
                case 1: exchange.execute(order); queue += desk.orderAnswered(key, .unknown, now: now)  // 503 that executed
                case 2: queue += desk.orderAnswered(key, .unknown, now: now)  // timeout, never arrived
                case 3:
                    if exchange.quantity == 0 {
                        queue += desk.orderAnswered(key, .rejected(code: -2022, message: "ReduceOnly Order is rejected."), now: now)
                    } else { exchange.execute(order); queue += desk.orderAnswered(key, .filled(orderID: "1"), now: now) }
                case 4: queue += desk.orderAnswered(key, .notExecuted(reason: "Service Unavailable."), now: now)  // sure failure
                default: break  // the process died before the answer: only a restart resumes it
                }
            case .queryOrder(_, let id):
                let answer: EmergencyDesk.QueryAnswer = chance(0.2) ? .failed
                    : (exchange.executed[id, default: 0] > 0 ? .filled(orderID: "1") : .notFound)
                if answer == .failed, chance(0.5) { continue }  // give up asking until a restart
                queue += desk.orderQueried(key, answer, now: now)
            }
        }
        return Run(exchange: exchange, sends: desk.incidents[key]?.sends ?? saved?.sends ?? 0,
                   failures: desk.incidents[key]?.failures ?? saved?.failures ?? 0, restarts: restarts)
    }
}
