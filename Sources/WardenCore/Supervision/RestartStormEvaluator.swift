/// RestartStorm for one systemd unit: more than `maxRestarts` restarts within `window`, or the
/// unit in the `failed` state (critical). Resolves when neither holds.
///
/// `NRestarts` only grows while the unit stays loaded, so restarts are the increases between
/// readings. A counter that goes down (the unit was reloaded, or systemd itself restarted)
/// becomes the new baseline without counting anything. The first reading is a baseline too:
/// restarts from before Warden started are not counted.
public struct RestartStormEvaluator: Sendable {
    public struct Rules: Sendable, Hashable {
        public var maxRestarts: Int
        public var window: Duration
        public var severity: Severity

        public init(maxRestarts: Int = 3, window: Duration = .seconds(600), severity: Severity = .warning) {
            self.maxRestarts = maxRestarts
            self.window = window
            self.severity = severity
        }
    }

    /// One reading of the unit's `NRestarts`, `ActiveState` and `Result` properties.
    public struct Sample: Sendable, Hashable {
        public var nRestarts: UInt32
        /// `active`, `reloading`, `inactive`, `failed`, `activating`, `deactivating`.
        public var activeState: String
        /// `success`, `exit-code`, `signal`, `core-dump`, `watchdog`, `start-limit-hit`, …
        public var result: String

        public init(nRestarts: UInt32, activeState: String, result: String) {
            self.nRestarts = nRestarts
            self.activeState = activeState
            self.result = result
        }
    }

    /// Most increases kept; beyond it the two oldest merge (counts stay exact, times coarser).
    static let maxEvents = 256

    public let unit: String
    public let rules: Rules
    private(set) var baseline: UInt32?
    /// Increases of `NRestarts` seen in the window: when, and by how much. Oldest first.
    private(set) var events: [(time: WallTime, count: Int)] = []

    public init(unit: String, rules: Rules = Rules()) {
        self.unit = unit
        self.rules = rules
    }

    public var key: AlertKey { AlertKey(.restartStorm, unit) }

    /// - Parameter sample: nil when the unit's properties could not be read (`unknown`).
    public mutating func evaluate(_ sample: Sample?, now: WallTime) -> [Observation] {
        guard let sample else { return [Observation(key, .unknown(reason: "properties of \(unit) could not be read"))] }
        if let baseline, sample.nRestarts > baseline {
            events.append((now, Int(sample.nRestarts - baseline)))
            if events.count > Self.maxEvents {
                events[1].count += events[0].count
                events.removeFirst()
            }
        }
        baseline = sample.nRestarts
        events.removeAll { now.since($0.time) >= rules.window }
        let restarts = restartsInWindow
        let counts = "\(restarts) restart\(restarts == 1 ? "" : "s") in \(SummaryText.duration(rules.window))"
        if sample.activeState == "failed" {
            let line = "\(unit) failed (result \(sample.result)), \(counts), NRestarts \(sample.nRestarts)"
            return [Observation(key, .bad(summary: line, severity: .critical))]
        }
        guard restarts > rules.maxRestarts else { return [Observation(key, .ok)] }
        let line = "\(unit) restarted \(restarts) times in \(SummaryText.duration(rules.window)) (limit \(rules.maxRestarts)),"
            + " now \(sample.activeState), result \(sample.result), NRestarts \(sample.nRestarts)"
        return [Observation(key, .bad(summary: line, severity: rules.severity))]
    }

    /// Restarts counted in the current window.
    public var restartsInWindow: Int { events.reduce(0) { $0 + $1.count } }
}
