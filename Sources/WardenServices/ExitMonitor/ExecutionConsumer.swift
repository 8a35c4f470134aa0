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
        // The next batch, read and decoded while this one's writes ran (see `overlapped`).
        var next: Decoded?
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                if !startedUp {
                    next = nil
                    try await ensureGroup()
                    try await reclaimPending()
                    startedUp = true
                }
                let batch: Decoded
                if let ready = next {
                    batch = ready
                    next = nil
                } else {
                    batch = decode(StreamReply.batch(try await redis.reply(read(block: true), timeout: settings.block + .seconds(2))))
                }
                if !batch.entries.isEmpty { next = try await overlapped(batch) }
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

    /// Applies and writes `batch` while Redis works on the next one: the next read (`XREADGROUP`
    /// without BLOCK, so an empty stream answers at once and nothing queued behind it waits) goes
    /// out before `batch` is applied, and is decoded while Redis runs `batch`'s writes. Those
    /// writes are confirmed (or retried until they land) before the next batch touches the book,
    /// so the book and Redis change in the same order as without the overlap. Returns the next
    /// batch, decoded (empty when the stream had nothing more).
    ///
    /// Entries delivered by a read whose reply was lost are pending for this consumer; the error
    /// thrown then makes `consume` start over, re-reading this consumer's pending entries first.
    func overlapped(_ batch: Decoded) async throws -> Decoded {
        try await redis.send([read(block: false)])
        let applied = await apply(batch)
        let commands = loop.writer.commands(for: applied.actions) + applied.extra
        do {
            try await redis.send(commands)
        } catch {
            try await write(applied, after: error)
            throw error  // the read ahead was lost with the connection
        }
        let ahead: Result<Decoded, any Error>
        do {
            let reply = try await redis.receive()
            if let message = reply.errorMessage { throw Redis.ServerReply(message: message) }
            ahead = .success(decode(StreamReply.batch(reply)))
        } catch {
            ahead = .failure(error)
        }
        if let failure = await confirm(commands) {
            try await write(applied, after: failure)
        } else {
            loop.writer.log(applied.actions)
        }
        return try ahead.get()
    }

    /// `XREADGROUP … >` for up to `batchSize` new entries; with `block`, waiting up to `settings.block`.
    func read(block: Bool) -> [String] {
        let wait = block ? ["BLOCK", String(settings.block.wholeMilliseconds)] : []
        return ["XREADGROUP", "GROUP", settings.group, settings.consumer, "COUNT", String(settings.batchSize)] + wait
            + ["STREAMS", settings.stream, ">"]
    }
}
