import Logging
import WardenCore

/// One route's queue: the outbox files plus their in-memory index, in strict sequence order.
///
/// Bounded: past `capacity` the oldest entry is dropped (and counted), so the newest state of
/// every alert still gets out. If the disk refuses a write, the entry is kept in memory only
/// (counted, logged once per streak): delivery must not depend on the disk any more than on Redis.
/// Confined to the ``AlertDispatcher`` actor.
final class RouteOutbox {
    struct Entry {
        let seq: UInt64
        let record: OutboxRecord
        let onDisk: Bool
    }

    let route: String
    let directory: OutboxDirectory?
    let capacity: Int
    let stats: RouteStats
    let logger: Logger
    private var entries: [Entry] = []
    private var nextSeq: UInt64 = 1
    private var diskFailing = false

    init(route: String, directory: OutboxDirectory?, capacity: Int, stats: RouteStats, logger: Logger) {
        self.route = route
        self.directory = directory
        self.capacity = max(1, capacity)
        self.stats = stats
        self.logger = logger
    }

    /// Reads back what an earlier run left queued. Blocking.
    func load() {
        guard let directory else { return }
        do {
            try directory.create()
            let (records, damaged) = try directory.load()
            entries = records.map { Entry(seq: $0.seq, record: $0.record, onDisk: true) }
            nextSeq = (records.last?.seq ?? 0) + 1
            if !records.isEmpty || damaged > 0 {
                logger.notice("alert outbox restored", metadata: [
                    "warden.event": "ALERT_OUTBOX_RESTORED", "queued": "\(records.count)", "damaged": "\(damaged)"])
            }
            while entries.count > capacity { dropOldest() }
        } catch {
            diskFailed(error)
        }
        publish()
    }

    /// Queues `record` durably (or in memory if the disk refuses). Blocking.
    func append(_ record: OutboxRecord) {
        if entries.count >= capacity { dropOldest() }
        let seq = nextSeq
        nextSeq += 1
        var onDisk = false
        if let directory {
            do {
                try directory.write(seq, record.bytes)
                onDisk = true
                diskFailing = false
            } catch {
                diskFailed(error)
            }
        }
        entries.append(Entry(seq: seq, record: record, onDisk: onDisk))
        stats.update { $0.enqueued += 1 }
        publish()
    }

    /// The next notification to deliver.
    var head: Entry? { entries.first }

    /// Forgets entry `seq` once delivered or refused.
    func remove(_ seq: UInt64) {
        guard let index = entries.firstIndex(where: { $0.seq == seq }) else { return }
        if entries[index].onDisk { directory?.remove(seq) }
        entries.remove(at: index)
        publish()
    }

    private func dropOldest() {
        guard let oldest = entries.first else { return }
        remove(oldest.seq)
        stats.update { $0.dropped += 1 }
        logger.warning("alert outbox full; dropped the oldest notification", metadata: [
            "warden.event": "ALERT_DROPPED", "alert": "\(oldest.record.notification.alert.key.name.rawValue)",
            "subject": "\(oldest.record.notification.alert.key.subject)", "capacity": "\(capacity)"])
    }

    private func diskFailed(_ error: OutboxDirectory.Failure) {
        stats.update { $0.outboxErrors += 1 }
        guard !diskFailing else { return }
        diskFailing = true
        logger.error("alert outbox not writable; notifications held in memory only", metadata: [
            "warden.event": "ALERT_OUTBOX_FAILED", "reason": "\(error.reason)", "detail": "\(error)"])
    }

    private func publish() {
        let (count, oldest) = (entries.count, entries.first?.record.enqueuedAt)
        stats.update { $0.queued = count; $0.oldestQueuedAt = oldest }
    }
}

@available(*, unavailable)
extension RouteOutbox: Sendable {}
