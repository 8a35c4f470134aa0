internal import Blocking

/// Reads new err-or-worse entries (`PRIORITY=0…3`) of watched units from the systemd journal.
///
/// Starts at the journal's tail: only entries written after `init` are returned. Reads run on
/// a `BlockingExecutor`, off Swift's cooperative pool, and never wait longer than asked.
public actor JournalReader {
    nonisolated let executor: BlockingExecutor
    private let journal: JournalHandle

    /// Opens the journal and positions after its last entry.
    /// - Parameters:
    ///   - units: `_SYSTEMD_UNIT=` values to follow, e.g. `trader.service`; must not be empty.
    ///   - directory: read the journal files under this directory (as `journalctl -D`);
    ///     nil means the local system journal.
    ///   - maxPriority: the least severe priority returned (3 = err).
    /// - Throws: `.unavailable` when no journal can be read: log it once and skip this source.
    public init(units: [String], directory: String? = nil, maxPriority: Int = 3) throws(Error) {
        precondition(!units.isEmpty, "JournalReader needs at least one unit")
        self.executor = BlockingExecutor(label: "warden.systemd.journal")
        let journal = try JournalHandle.open(directory: directory)
        try journal.addMatches(Self.matches(units: units, maxPriority: maxPriority))
        try journal.seekToTail()
        self.journal = journal
    }

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    /// Up to `max` entries written since the last call (oldest first). With a `timeout` above
    /// zero and nothing new, waits up to that long for new entries; otherwise returns at once.
    public func next(max: Int, waitingUpTo timeout: Duration = .zero) throws(Error) -> [JournalEntry] {
        try journal.refresh(waitingUpTo: .zero)
        var entries = try read(max: max)
        if entries.isEmpty, timeout > .zero {
            try journal.refresh(waitingUpTo: timeout)
            entries = try read(max: max)
        }
        return entries
    }

    private func read(max: Int) throws(Error) -> [JournalEntry] {
        var entries: [JournalEntry] = []
        while entries.count < max, let entry = try journal.next() {
            entries.append(entry)
        }
        return entries
    }

    /// The journal matches: any of the units, and any priority from 0 to `maxPriority`.
    static func matches(units: [String], maxPriority: Int) -> [String] {
        units.map { "_SYSTEMD_UNIT=\($0)" } + (0...Swift.max(0, Swift.min(7, maxPriority))).map { "PRIORITY=\($0)" }
    }
}
