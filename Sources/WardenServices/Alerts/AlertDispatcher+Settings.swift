public import WardenCore

extension AlertDispatcher {
    /// How the dispatcher labels and paces notifications. Defaults suit production.
    public struct Settings: Sendable {
        /// This host's name: the `instance` label and PagerDuty's `source`.
        public var source: String
        /// Where a person can look: Warden's `/health` URL.
        public var generatorURL: String
        /// Per route, the most notifications the outbox holds; past it the oldest are dropped.
        public var outboxCapacity: Int
        /// How often re-notifications are considered.
        public var tickInterval: Duration
        /// Pause before retry `attempt` (1, 2, …) of one notification; default ``DeliveryPolicy/backoff(attempt:random:)``.
        public var backoff: @Sendable (_ attempt: Int) -> Duration

        public init(source: String = "warden", generatorURL: String = "http://127.0.0.1:8007/health",
                    outboxCapacity: Int = 10_000, tickInterval: Duration = .seconds(1),
                    backoff: @escaping @Sendable (_ attempt: Int) -> Duration = {
                        DeliveryPolicy.backoff(attempt: $0, random: Double.random(in: 0..<1))
                    }) {
            self.source = source
            self.generatorURL = generatorURL
            self.outboxCapacity = outboxCapacity
            self.tickInterval = tickInterval
            self.backoff = backoff
        }
    }
}
