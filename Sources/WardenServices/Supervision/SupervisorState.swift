public import WardenCore

/// The live ``SupervisorSet``: evaluated by the supervisor loop, read by `/health`, `STATUS=`
/// and the failsafe (safe mode on, exit path broken).
public actor SupervisorState {
    var supervisors: SupervisorSet
    public nonisolated let rules: SupervisionRules
    /// The last reading of each watched consumer group (for `/metrics`).
    public private(set) var groupSamples: [ConsumerGroupID: ConsumerGroupSample] = [:]

    public init(rules: SupervisionRules, streams: StreamNames, safeModeKey: String) {
        supervisors = SupervisorSet(rules: rules, streams: streams, safeModeKey: safeModeKey)
        self.rules = rules
    }

    func evaluate(_ inputs: SupervisorSet.Inputs, errors: [ErrorFeed.Item], now: WallTime) -> [AlertTracker.Transition] {
        for e in errors { supervisors.record(error: e.message, source: e.source, at: e.at) }
        if let groups = inputs.groups { groupSamples.merge(groups) { _, new in new } }
        return supervisors.evaluate(inputs, now: now)
    }

    /// Takes back the alerts firing when the last run ended (``SupervisorSet/restore(_:now:)``).
    public func restore(_ alerts: [Alert], now: WallTime) {
        supervisors.restore(alerts, now: now)
    }

    public var firing: [Alert] { supervisors.tracker.firing }
    public var states: [String: String] { supervisors.states }
    /// Since when safe mode has been on, if it is.
    public var safeModeOnSince: WallTime? { supervisors.safeMode.onSince }
    public var watchedStreams: [String] { supervisors.watchedStreams }
    public var watchedGroups: [ConsumerGroupID] { supervisors.watchedGroups }
}
