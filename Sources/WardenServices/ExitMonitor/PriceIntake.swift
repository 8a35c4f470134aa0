import Blocking
import Redis
public import ServiceLifecycle
import WardenCore

/// Reads `price.update` with a blocking `XREAD` (event-driven: a tick is evaluated the moment
/// Redis has it) and turns crossed levels into close intents on the same connection.
public struct PriceIntake: Service {
    let stream: String
    let block: Duration
    let loop: BookLoop

    public init(stream: String, block: Duration = .seconds(1), loop: BookLoop) {
        self.stream = stream
        self.block = block
        self.loop = loop
    }

    /// Returns at graceful shutdown or cancellation. Starts after the newest entry (old ticks are
    /// stale), then reads from explicit ids — never `$` again, which would skip ticks added while
    /// the previous batch was being processed.
    public func run() async {
        // On the connection's own thread: a tick is read, decided and its intent written there,
        // without hopping to the pool and back between the read, the book and the write.
        // (Not isolated to the client, though that saves two executor switches per tick: the book's
        // actor then ran on the cooperative pool, a thread hop each way, and make bench's p50
        // went from 0.017 to 0.12 ms.)
        await withTaskExecutorPreference(loop.redis.taskExecutor) { await self.read() }
    }

    func read() async {
        let redis = loop.redis
        var cursor: String?
        let blockText = String(block.wholeMilliseconds)
        var outage = Outage(logger: loop.logger, what: "price updates (Redis)")
        var pending = PendingWrites(logger: loop.logger, what: "close intents from price updates (Redis)")
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                guard await pending.flush(loop) else { throw PendingWritesFailed() }
                if cursor == nil {
                    let newest = try await redis.command(["XREVRANGE", stream, "+", "-", "COUNT", "1"])
                    cursor = newest.array?.first?.array?.first?.string ?? "0-0"
                }
                let entries = StreamReply.batch(try await redis.reply(
                    ["XREAD", "COUNT", "1000", "BLOCK", blockText, "STREAMS", stream, cursor ?? "0-0"],
                    timeout: block + .seconds(2)))
                if !entries.isEmpty { cursor = entries.id(entries.count - 1) }
                var updates: [PriceUpdate] = []
                for i in 0..<entries.count { if let u = PriceUpdate.decode(entries, i) { updates.append(u) } }
                if !updates.isEmpty {
                    pending.actions += await loop.monitor.prices(updates, now: WallTime(milliseconds: SystemTime.milliseconds()))
                    guard await pending.flush(loop) else { throw PendingWritesFailed() }
                }
                outage.recovered()
                loop.progress.report(.cycled)
            } catch is PendingWritesFailed {
                loop.progress.report(.dependencyDown)
                await Pause.for(.seconds(1))
            } catch {
                outage.failed("\(error)")
                loop.progress.report(.dependencyDown)
                await Pause.for(.seconds(1))
            }
        }
    }
}
