import Blocking
import Logging
import ServiceLifecycle
import Redis
import WardenCore

extension ExecutionConsumer {
    /// Creates the group at `$` with `MKSTREAM` unless it exists (BUSYGROUP is success).
    func ensureGroup() async throws(Redis.Error) {
        do {
            _ = try await redis.command(["XGROUP", "CREATE", settings.stream, settings.group, "$", "MKSTREAM"])
            logger.notice("consumer group created", metadata: [
                "stream": "\(settings.stream)", "group": "\(settings.group)"])
        } catch where "\(error)".contains("BUSYGROUP") {
            return
        }
    }

    /// Processes entries left pending: this consumer's own (after a restart) and any other
    /// consumer's idle longer than `reclaimIdle` (a dead one), before any new entry.
    func reclaimPending() async throws {
        var own = 0
        while true {
            let entries = StreamReply.batch(try await redis.reply(
                ["XREADGROUP", "GROUP", settings.group, settings.consumer, "COUNT", String(settings.batchSize),
                 "STREAMS", settings.stream, "0"]))
            if entries.isEmpty { break }
            own += entries.count
            try await process(entries)
        }
        var claimed = 0
        var cursor = "0-0"
        repeat {
            let reply = try await redis.command(
                ["XAUTOCLAIM", settings.stream, settings.group, settings.consumer,
                 String(settings.reclaimIdle.wholeMilliseconds), cursor, "COUNT", String(settings.batchSize)])
            guard let page = StreamReply.autoclaim(reply) else { break }
            claimed += page.entries.count
            try await process(StreamBatch(page.entries))
            if !page.deleted.isEmpty {
                _ = try await redis.command(["XACK", settings.stream, settings.group] + page.deleted)
            }
            cursor = page.cursor
        } while cursor != "0-0"
        if own + claimed > 0 {
            logger.notice("pending entries processed before new ones", metadata: [
                "stream": "\(settings.stream)", "own": "\(own)", "reclaimed": "\(claimed)"])
        }
    }

    /// Applies or dead-letters every entry, then writes the book's actions, the dead letters and
    /// the XACK in one pipeline. If that write fails, the same commands are retried (the book was
    /// already updated) until they land or shutdown leaves the entries pending for the next start.
    func process(_ entries: StreamBatch) async throws {
        guard !entries.isEmpty else { return }
        let applied = await apply(decode(entries))
        try await write(applied)
    }

    /// A batch decoded, not yet applied: this touches nothing but the batch.
    struct Decoded: Sendable {
        var entries: StreamBatch
        var results: [ExecutionResult] = []
        var rejections: [DecodeRejection] = []
        var deadLetters: [[String]] = []
    }

    /// What applying a batch left to write: the book's actions, then the dead letters and the XACK.
    struct Applied: Sendable {
        var actions: [PositionBook.Action]
        var extra: [[String]]
    }

    func decode(_ entries: StreamBatch) -> Decoded {
        var d = Decoded(entries: entries)
        d.results.reserveCapacity(entries.count)
        for index in 0..<entries.count {
            switch ExecutionResultDecoder.decode(entries, index) {
            case .success(let r): d.results.append(r)
            case .failure(let rejection):
                d.rejections.append(rejection)
                d.deadLetters.append(["XADD", settings.deadletter, "MAXLEN", "~", "100000", "*",
                                      "source_stream", settings.stream, "source_id", entries.id(index),
                                      "reason", rejection.reason.rawValue, "detail", rejection.detail,
                                      "raw", entries.entry(index).rawText(limit: 2048)])
            }
        }
        return d
    }

    /// Applies `d` to the book, counts and logs its rejections.
    func apply(_ d: Decoded) async -> Applied {
        let now = WallTime(milliseconds: SystemTime.milliseconds())
        let actions = await loop.monitor.apply(d.results, now: now)
        await loop.monitor.countRejects(d.rejections)
        logRejections(d.rejections)
        for r in d.rejections { if let message = r.errorMessage { loop.errors?.push(message, source: .execution, at: now) } }
        let ack = ["XACK", settings.stream, settings.group] + (0..<d.entries.count).map(d.entries.id)
        return Applied(actions: actions, extra: d.deadLetters + [ack])
    }

    /// Writes `applied` in one pipeline, retrying until it lands; `failure` is what already failed
    /// (a write sent earlier whose replies said so), so it is logged and retried at once.
    func write(_ applied: Applied, after failure: (any Error)? = nil) async throws {
        var attempt = 0
        if let failure { attempt = 1; report(failure) }
        while true {
            do {
                try await loop.writer.write(applied.actions, extra: applied.extra, on: redis)
                return
            } catch {
                attempt += 1
                if attempt == 1 { report(error) }
                loop.progress.report(.dependencyDown)
                if Task.isShuttingDownGracefully || Task.isCancelled { throw error }
                await Pause.for(.milliseconds(min(1000, 50 * attempt)))
            }
        }
    }

    private func report(_ error: any Error) {
        logger.error("batch not written; retrying", metadata: ["detail": "\(error)"])
    }

    /// Reads the replies to `commands`, sent earlier with ``RedisClient/send(_:timeout:)``: nil
    /// when all succeeded, else the first failure (a server error, or the connection lost).
    func confirm(_ commands: [[String]]) async -> (any Error)? {
        var failure: (any Error)?
        for command in commands {
            do {
                let reply = try await redis.receive()
                if failure == nil, let message = reply.errorMessage {
                    failure = WriteFailure.rejected(command: command.first ?? "?", message: message)
                }
            } catch {
                return failure ?? error
            }
        }
        return failure
    }

    /// One line per reason per batch, not per entry: 12,000 bad entries must not flood the journal.
    func logRejections(_ rejections: [DecodeRejection]) {
        guard !rejections.isEmpty else { return }
        var byReason: [DecodeRejection.Reason: (count: Int, sample: String)] = [:]
        for r in rejections { byReason[r.reason, default: (0, r.detail)].count += 1 }
        for (reason, info) in byReason.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            logger.warning("execution results dead-lettered", metadata: [
                "warden.event": "DEAD_LETTER", "reason": "\(reason.rawValue)", "count": "\(info.count)",
                "sample": "\(info.sample)", "stream": "\(settings.stream)"])
        }
    }
}
