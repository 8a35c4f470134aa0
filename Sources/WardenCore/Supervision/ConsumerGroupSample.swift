/// One reading of a consumer group: `XINFO GROUPS` for the group, `XINFO STREAM` for the stream
/// and `XINFO CONSUMERS` for its consumers, taken together.
public struct ConsumerGroupSample: Sendable, Hashable {
    /// One consumer of the group.
    public struct Consumer: Sendable, Hashable {
        public var name: String
        /// Time since the consumer last read or claimed.
        public var idle: Duration
        /// Entries delivered to it and not yet acknowledged.
        public var pending: Int

        public init(name: String, idle: Duration, pending: Int) {
            self.name = name
            self.idle = idle
            self.pending = pending
        }
    }

    /// False when the stream has no such group (or no such stream): the group was never
    /// created, was created under another stream name, or was destroyed.
    public var groupExists: Bool
    /// `XINFO GROUPS` `lag`; nil when Redis cannot tell (entries were deleted). Never read as 0.
    public var lag: Int?
    /// `entries-read`; nil when Redis does not know it.
    public var entriesRead: Int?
    public var lastDeliveredID: String
    /// Delivered and not acknowledged (the group's PEL).
    public var pending: Int
    /// The stream's `last-generated-id`.
    public var lastGeneratedID: String
    /// The stream's `entries-added`; nil when unknown.
    public var entriesAdded: Int?
    public var consumers: [Consumer]

    public init(groupExists: Bool = true, lag: Int?, entriesRead: Int?, lastDeliveredID: String, pending: Int,
                lastGeneratedID: String, entriesAdded: Int?, consumers: [Consumer]) {
        self.groupExists = groupExists
        self.lag = lag
        self.entriesRead = entriesRead
        self.lastDeliveredID = lastDeliveredID
        self.pending = pending
        self.lastGeneratedID = lastGeneratedID
        self.entriesAdded = entriesAdded
        self.consumers = consumers
    }

    /// A reading that found no such group.
    public static var missing: ConsumerGroupSample {
        ConsumerGroupSample(groupExists: false, lag: nil, entriesRead: nil, lastDeliveredID: "", pending: 0,
                            lastGeneratedID: "", entriesAdded: nil, consumers: [])
    }

    /// The lag to judge by: Redis's own; else entries added minus entries read when both are
    /// known; else 0 when the group has been delivered the stream's last id; else unknown.
    public var effectiveLag: Int? {
        if let lag, lag >= 0 { return lag }
        if let added = entriesAdded, let read = entriesRead, added >= read { return added - read }
        if !lastDeliveredID.isEmpty, lastDeliveredID == lastGeneratedID { return 0 }
        return nil
    }
}
