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
            let reply = try await redis.command(
                ["XREADGROUP", "GROUP", settings.group, settings.consumer, "COUNT", String(settings.batchSize),
                 "STREAMS", settings.stream, "0"])
            let entries = StreamReply.entries(reply)
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
            try await process(page.entries)
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
    func process(_ entries: [StreamEntry]) async throws {
        guard !entries.isEmpty else { return }
        var results: [ExecutionResult] = []
        var rejections: [DecodeRejection] = []
        var deadLetters: [[String]] = []
        results.reserveCapacity(entries.count)
        for entry in entries {
            switch ExecutionResultDecoder.decode(entry) {
            case .success(let r): results.append(r)
            case .failure(let rejection):
                rejections.append(rejection)
                deadLetters.append(["XADD", settings.deadletter, "MAXLEN", "~", "100000", "*",
                                    "source_stream", settings.stream, "source_id", entry.id,
                                    "reason", rejection.reason.rawValue, "detail", rejection.detail,
                                    "raw", entry.rawText(limit: 2048)])
            }
        }
        let now = WallTime(milliseconds: SystemTime.milliseconds())
        let actions = await loop.monitor.apply(results, now: now)
        await loop.monitor.countRejects(rejections)
        logRejections(rejections, entries: entries)
        for r in rejections { if let message = r.errorMessage { loop.errors?.push(message, source: .execution, at: now) } }
        let ack = ["XACK", settings.stream, settings.group] + entries.map { $0.id }
        var attempt = 0
        while true {
            do {
                try await loop.writer.write(actions, extra: deadLetters + [ack], on: redis)
                return
            } catch {
                attempt += 1
                if attempt == 1 { logger.error("batch not written; retrying", metadata: ["detail": "\(error)"]) }
                loop.progress.report(.dependencyDown)
                if Task.isShuttingDownGracefully || Task.isCancelled { throw error }
                await Pause.for(.milliseconds(min(1000, 50 * attempt)))
            }
        }
    }

    /// One line per reason per batch, not per entry: 12,000 bad entries must not flood the journal.
    func logRejections(_ rejections: [DecodeRejection], entries: [StreamEntry]) {
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
