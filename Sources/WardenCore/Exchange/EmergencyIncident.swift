/// One emergency close of one position, from the decision to a known outcome.
///
/// The phases make the rules of an automatic order explicit: the position is re-read from the
/// exchange before anything is sent; an unknown outcome is resolved by querying the order and
/// re-reading the position, never by a blind resend; -2022 means re-read state, not retry.
public struct EmergencyIncident: Sendable, Hashable {
    public enum Phase: Sendable, Hashable {
        /// Read the position fresh before deciding.
        case needPosition
        /// Persisted, then sent: the request is in flight.
        case sending(EmergencyOrder)
        /// Timeout, 503 "Unknown error", -1007: query the order by its client id.
        case unknownOutcome(EmergencyOrder)
        /// The query did not find the order: re-read the position before anything else.
        case notFound(EmergencyOrder)
        /// Filled: re-read the position to confirm it is flat.
        case confirming(EmergencyOrder)
        /// -2022: re-read the position; never send again in this incident.
        case reduceOnlyRejected(EmergencyOrder)
        /// A sure failure (not executed): after a pause, re-read the position and send the same order again.
        case retrying(EmergencyOrder)
        case done(Outcome)
        /// Stopped; a person must look (the alert says why).
        case halted(String)
    }

    public enum Outcome: Sendable, Hashable {
        case closed(orderID: String)
        case alreadyFlat
        case dryRun(EmergencyOrder)
        case notArmed
        case partlyClosed(remaining: Double)
    }

    public var key: PositionKey
    /// Why it was opened (`exit path broken: tp_hit not confirmed`, `manual`).
    public var why: String
    public var startedAt: WallTime
    public var phase: Phase
    /// Orders sent in this incident that may have reached the market (the same client order id
    /// each time, at most twice). A send that surely failed does not count here but in `failures`.
    public var sends: Int
    /// Sends that surely failed without executing (each retried after a pause, a few times at most).
    public var failures: Int

    public init(key: PositionKey, why: String, startedAt: WallTime, phase: Phase = .needPosition, sends: Int = 0,
                failures: Int = 0) {
        self.key = key
        self.why = why
        self.startedAt = startedAt
        self.phase = phase
        self.sends = sends
        self.failures = failures
    }

    /// True until the incident has an outcome or needs a person.
    public var isOpen: Bool {
        switch phase {
        case .done, .halted: false
        default: true
        }
    }

    /// The order of this incident, once planned.
    public var order: EmergencyOrder? {
        switch phase {
        case .sending(let o), .unknownOutcome(let o), .notFound(let o), .confirming(let o), .reduceOnlyRejected(let o),
             .retrying(let o): o
        case .done(.dryRun(let o)): o
        default: nil
        }
    }
}
