import WardenCore

/// What a condition says, without its text: lets tables compare outcomes.
enum Verdict: String, Sendable, Hashable {
    case ok, bad, unknown
}

extension Condition {
    var verdict: Verdict {
        switch self {
        case .ok: .ok
        case .bad: .bad
        case .unknown: .unknown
        }
    }

    /// The summary when bad.
    var badSummary: String? {
        if case .bad(let summary, _) = self { return summary }
        return nil
    }

    /// The severity when bad.
    var badSeverity: Severity? {
        if case .bad(_, let severity) = self { return severity }
        return nil
    }
}

/// Times used by the supervision tests: a fixed origin plus seconds.
enum SupervisionClock {
    static let origin = WallTime(milliseconds: 1_800_000_000_000)

    static func at(_ seconds: Int) -> WallTime { origin + .seconds(seconds) }

    static func at(ms: Int64) -> WallTime { origin + .milliseconds(ms) }
}

/// Feeds observations into an ``AlertTracker`` and counts transitions per alert name.
struct TrackerTally {
    var tracker: AlertTracker
    private(set) var fired: [AlertKey] = []
    private(set) var resolved: [AlertKey] = []
    private(set) var fireSummaries: [String] = []

    init(rules: SupervisionRules = .defaults) {
        tracker = AlertTracker(holdFor: rules.holdFor)
    }

    mutating func apply(_ observations: [Observation], covering: Set<AlertName>, now: WallTime) {
        for t in tracker.update(observations, covering: covering, now: now) {
            switch t {
            case .fire(let a):
                fired.append(a.key)
                fireSummaries.append(a.summary)
            case .resolve(let a):
                resolved.append(a.key)
            }
        }
    }
}
