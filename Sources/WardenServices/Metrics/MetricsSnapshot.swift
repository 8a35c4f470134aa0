public import WardenCore

/// What one scrape reads from Warden's state, as plain values: ``WardenMetrics/update(_:)``
/// copies it onto the metrics without awaiting anything. Every label value it leads to comes from
/// a fixed set (exit and reject reasons, alert names, health states) or from the configuration
/// (loop names, watched consumer groups, alert routes), never from stream contents.
public struct MetricsSnapshot: Sendable {
    /// One critical loop's progress.
    public struct Loop: Sendable, Hashable {
        public var age: Duration
        public var deadline: Duration
        public var dependencyDown: Bool

        public init(age: Duration, deadline: Duration, dependencyDown: Bool) {
            self.age = age
            self.deadline = deadline
            self.dependencyDown = dependencyDown
        }
    }

    /// `/health` as it stands: status, book size, emergency closes, supervisor states.
    public var health: HealthReport
    public var exitsByReason: [ExitReason: Int]
    public var rejectsByReason: [DecodeRejection.Reason: Int]
    public var intentResends: Int
    public var exitPathBroken: Int
    public var entriesApplied: Int
    public var stalePrices: Int
    public var openIncidents: Int
    /// Firing alerts per name (one per subject).
    public var firing: [AlertName: Int]
    /// The last reading of each watched consumer group.
    public var consumerGroups: [ConsumerGroupID: ConsumerGroupSample]
    public var loops: [String: Loop]
    public var routes: [RouteHealth]
    /// Wall time of the scrape (for the age of the oldest queued notification).
    public var now: WallTime

    public init(health: HealthReport = HealthReport(), exitsByReason: [ExitReason: Int] = [:],
                rejectsByReason: [DecodeRejection.Reason: Int] = [:], intentResends: Int = 0, exitPathBroken: Int = 0,
                entriesApplied: Int = 0, stalePrices: Int = 0, openIncidents: Int = 0, firing: [AlertName: Int] = [:],
                consumerGroups: [ConsumerGroupID: ConsumerGroupSample] = [:], loops: [String: Loop] = [:],
                routes: [RouteHealth] = [], now: WallTime = WallTime(milliseconds: 0)) {
        self.health = health
        self.exitsByReason = exitsByReason
        self.rejectsByReason = rejectsByReason
        self.intentResends = intentResends
        self.exitPathBroken = exitPathBroken
        self.entriesApplied = entriesApplied
        self.stalePrices = stalePrices
        self.openIncidents = openIncidents
        self.firing = firing
        self.consumerGroups = consumerGroups
        self.loops = loops
        self.routes = routes
        self.now = now
    }
}
