/// Decides every emergency order: one incident per position at a time, at most one live order
/// per position, a kill switch, a rate limit, and the `off` | `dry-run` | `armed` modes.
/// Inputs are exchange answers; outputs are the actions the failsafe service carries out.
public struct EmergencyDesk: Sendable {
    public var mode: EmergencyMode
    public var killSwitch: Bool
    public var maxOrdersPerHour: Int
    public internal(set) var incidents: [PositionKey: EmergencyIncident] = [:]
    /// When orders were sent, for the rate limit (pruned to the last hour).
    public private(set) var sentAt: [WallTime] = []

    public init(mode: EmergencyMode, killSwitch: Bool = false, maxOrdersPerHour: Int = 10) {
        self.mode = mode
        self.killSwitch = killSwitch
        self.maxOrdersPerHour = maxOrdersPerHour
    }

    /// What the service must do, in order. `persist` always comes before the `send` it protects.
    public enum Action: Sendable, Hashable {
        case readPosition(PositionKey)
        case persist(EmergencyIncident)
        case send(EmergencyOrder)
        case queryOrder(symbol: String, clientOrderID: String)
        /// An `EmergencyClose` notice (critical): what happened, for the alert, the audit and the journal.
        case notify(PositionKey, String)
        /// Pause before the next action (the back-off after a sure failure).
        case wait(Duration)
    }

    /// The answer to a sent order.
    public enum OrderAnswer: Sendable, Hashable {
        case filled(orderID: String)
        /// Timeout, 503 "Unknown error", -1007: it may or may not have executed.
        case unknown
        /// A sure failure that did not execute (503 "Service Unavailable.", -1008 throttled, or
        /// held back by the client's own 429/418 back-off): retried with back-off.
        case notExecuted(reason: String)
        case rejected(code: Int, message: String)
    }

    /// Attempts of one order when each fails surely (REFERENCE: back off 200 → 400 → 800 ms, 3–5 attempts).
    public static let maxAttempts = 4

    /// The pause before retry `n` (from 1) after a sure failure: 200 ms, doubling.
    public static func retryPause(_ n: Int) -> Duration {
        .milliseconds(200 << min(max(n - 1, 0), 4))
    }

    /// The answer to `GET /fapi/v1/order?origClientOrderId=…`.
    public enum QueryAnswer: Sendable, Hashable {
        case filled(orderID: String)
        /// Accepted but not final (NEW, PARTIALLY_FILLED): a live order; do not send another.
        case live
        /// -2013: the exchange never received it.
        case notFound
        /// Could not ask (transport error): ask again later.
        case failed
    }

    /// Restores persisted incidents after a restart and says how each open one resumes. An order
    /// that was being sent has an unknown outcome: it is queried, never sent again blindly.
    public mutating func restore(_ saved: [EmergencyIncident]) -> [Action] {
        var actions: [Action] = []
        for var i in saved.sorted(by: { $0.key < $1.key }) {
            if case .sending(let order) = i.phase { i.phase = .unknownOutcome(order) }
            incidents[i.key] = i
            switch i.phase {
            case .unknownOutcome(let o): actions += [.persist(i), .queryOrder(symbol: o.symbol, clientOrderID: o.clientOrderID)]
            case .needPosition, .confirming, .reduceOnlyRejected, .notFound, .retrying: actions.append(.readPosition(i.key))
            default: break
            }
        }
        return actions
    }

    /// Opens an incident for `key` unless one is open already (then nothing happens).
    public mutating func open(_ key: PositionKey, why: String, now: WallTime) -> [Action] {
        if let existing = incidents[key], existing.isOpen { return [] }
        let incident = EmergencyIncident(key: key, why: why, startedAt: now)
        incidents[key] = incident
        return [.persist(incident), .readPosition(key)]
    }

    /// Takes back the send times recorded by earlier runs (the rate limit outlives a restart and
    /// counts `warden close` too); only the last hour's count.
    public mutating func restoreSends(_ times: [WallTime], now: WallTime) {
        sentAt = Array(Set(sentAt + times)).filter { now.since($0) < .seconds(3600) }.sorted()
    }

    func rateLimited(now: WallTime) -> Bool {
        sentAt.filter { now.since($0) < .seconds(3600) }.count >= maxOrdersPerHour
    }

    mutating func set(_ key: PositionKey, _ phase: EmergencyIncident.Phase, sent: Bool = false, now: WallTime) -> EmergencyIncident {
        var i = incidents[key]!
        i.phase = phase
        if sent {
            i.sends += 1
            sentAt = sentAt.filter { now.since($0) < .seconds(3600) } + [now]
        }
        incidents[key] = i
        return i
    }
}
