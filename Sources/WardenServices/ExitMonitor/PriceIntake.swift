import Blocking
public import Logging
public import Redis
public import ServiceLifecycle
public import WardenCore

/// Reads `price.update` with a blocking `XREAD` (event-driven: a tick is evaluated the moment
/// Redis has it) and turns crossed levels into close intents on the same connection.
public struct PriceIntake: Service {
    let stream: String
    let block: Duration
    let redis: RedisClient
    let monitor: ExitMonitor
    let writer: BookActionWriter
    let progress: ProgressReporter
    let logger: Logger

    public init(stream: String, block: Duration = .seconds(1), redis: RedisClient, monitor: ExitMonitor,
                writer: BookActionWriter, progress: ProgressReporter, logger: Logger) {
        self.stream = stream
        self.block = block
        self.redis = redis
        self.monitor = monitor
        self.writer = writer
        self.progress = progress
        self.logger = logger
    }

    /// Returns at graceful shutdown or cancellation. Starts from the newest entry: old ticks are stale.
    public func run() async {
        var cursor = "$"
        var outage = Outage(logger: logger, what: "price updates (Redis)")
        var pending: [PositionBook.Action] = []
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                if !pending.isEmpty {
                    try await writer.write(pending, on: redis)
                    pending = []
                }
                let reply = try await redis.command(
                    ["XREAD", "COUNT", "1000", "BLOCK", String(block.wholeMilliseconds), "STREAMS", stream, cursor],
                    timeout: block + .seconds(2))
                let entries = StreamReply.entries(reply)
                if let last = entries.last?.id { cursor = last }
                let updates = entries.compactMap(PriceUpdate.decode)
                if !updates.isEmpty {
                    let actions = await monitor.prices(updates, now: WallTime(milliseconds: SystemTime.milliseconds()))
                    // Kept until written: an intent decided must not be lost to a Redis error.
                    pending = actions
                    try await writer.write(actions, on: redis)
                    pending = []
                }
                outage.recovered()
                progress.report(.cycled)
            } catch {
                outage.failed("\(error)")
                progress.report(.dependencyDown)
                await Pause.for(.seconds(1))
            }
        }
    }
}
