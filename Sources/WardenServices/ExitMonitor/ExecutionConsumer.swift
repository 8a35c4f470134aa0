import Logging
import Redis
public import ServiceLifecycle
import WardenCore

/// Reads `trade.execution.res` through the consumer group and feeds the position book.
///
/// On start it creates the group (`MKSTREAM` at `$`, only if missing), then processes entries
/// left pending — its own, and any idle longer than `reclaimIdle` (`XAUTOCLAIM`) — before reading
/// new ones with `>`. An empty read is normal; the loop ends only at shutdown. An entry is
/// acknowledged only in the same pipeline that applied or dead-lettered it.
public struct ExecutionConsumer: Service {
    public struct Settings: Sendable {
        public var stream: String
        public var group: String
        public var consumer: String
        public var deadletter: String
        public var batchSize: Int
        public var block: Duration
        public var reclaimIdle: Duration

        public init(stream: String, group: String, consumer: String, deadletter: String, batchSize: Int = 500,
                    block: Duration = .seconds(1), reclaimIdle: Duration = .seconds(60)) {
            self.stream = stream
            self.group = group
            self.consumer = consumer
            self.deadletter = deadletter
            self.batchSize = batchSize
            self.block = block
            self.reclaimIdle = reclaimIdle
        }
    }

    let settings: Settings
    let loop: BookLoop
    var redis: RedisClient { loop.redis }
    var logger: Logger { loop.logger }

    public init(settings: Settings, loop: BookLoop) {
        self.settings = settings
        self.loop = loop
    }

    /// Returns at graceful shutdown or cancellation; never because a read came back empty.
    public func run() async {
        // On the connection's own thread: read, decode and write a batch without hopping to the
        // pool and back around every Redis call.
        await withTaskExecutorPreference(redis.taskExecutor) { await self.consume() }
    }

    func consume() async {
        var outage = Outage(logger: logger, what: "execution results (Redis)")
        var startedUp = false
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                if !startedUp {
                    try await ensureGroup()
                    try await reclaimPending()
                    startedUp = true
                }
                let reply = try await redis.command(
                    ["XREADGROUP", "GROUP", settings.group, settings.consumer, "COUNT", String(settings.batchSize),
                     "BLOCK", String(settings.block.wholeMilliseconds), "STREAMS", settings.stream, ">"],
                    timeout: settings.block + .seconds(2))
                try await process(StreamReply.entries(reply))
                outage.recovered()
                loop.progress.report(.cycled)
            } catch {
                outage.failed("\(error)")
                // Start over after any failure: the group may be gone (NOGROUP), and reads sent on a
                // connection given up on may still be served by Redis later, leaving entries pending
                // for this consumer; re-reading its own pending entries first picks those up.
                startedUp = false
                loop.progress.report(.dependencyDown)
                await Pause.for(.seconds(1))
            }
        }
    }
}
