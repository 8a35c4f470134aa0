/// Which critical loops made progress recently: the input of the gated heartbeat.
///
/// Each loop declares a deadline and reports every completed cycle — including a cycle in which
/// its dependency was unavailable: a dependency down is not a hang. A loop is late when its last
/// report is older than its deadline. Times are monotonic durations from any fixed origin.
public struct ProgressRegistry: Sendable {
    /// How a loop's last cycle went.
    public enum Outcome: String, Sendable, Hashable {
        case cycled
        case dependencyDown = "dependency_down"
    }

    public struct Loop: Sendable, Hashable {
        public var deadline: Duration
        public var lastReport: Duration
        public var lastOutcome: Outcome?
    }

    public private(set) var loops: [String: Loop] = [:]

    public init() {}

    /// Declares a loop; it counts as fresh from `now` (start-up is not a hang).
    public mutating func register(_ name: String, deadline: Duration, now: Duration) {
        loops[name] = Loop(deadline: deadline, lastReport: now, lastOutcome: nil)
    }

    public mutating func report(_ name: String, _ outcome: Outcome, now: Duration) {
        guard var loop = loops[name] else { return }
        loop.lastReport = max(loop.lastReport, now)
        loop.lastOutcome = outcome
        loops[name] = loop
    }

    /// Loops whose last report is older than their deadline, the oldest first, with their age.
    public func late(now: Duration) -> [(name: String, age: Duration)] {
        loops.compactMap { name, loop in
            let age = now - loop.lastReport
            return age > loop.deadline ? (name, age) : nil
        }.sorted { $0.age > $1.age }
    }

    /// Seconds since each loop's last report.
    public func ages(now: Duration) -> [String: Double] {
        loops.mapValues { (now - $0.lastReport).seconds }
    }

    /// Loops whose last cycle found their dependency down.
    public var degraded: [String] {
        loops.filter { $0.value.lastOutcome == .dependencyDown }.map(\.key).sorted()
    }
}
