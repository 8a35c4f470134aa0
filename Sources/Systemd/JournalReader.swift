internal import Blocking

/// Reads new err-or-worse entries (`PRIORITY=0…3`) of watched units from the systemd journal.
///
/// Starts at the journal's tail: only entries written after `open()` are returned. Reads run on
/// a `BlockingExecutor`, off Swift's cooperative pool, and never wait longer than asked.
public actor JournalReader {
    nonisolated let executor: BlockingExecutor
    private let directory: String?
    private let matches: [String]
    private var journal: JournalHandle?

    /// Cheap: nothing is opened until `open()` or the first `next`, which run on this actor's
    /// own queue, off the cooperative pool.
    /// - Parameters:
    ///   - units: `_SYSTEMD_UNIT=` values to follow, e.g. `trader.service`; must not be empty.
    ///   - directory: read the journal files under this directory (as `journalctl -D`);
    ///     nil means the local system journal (`SD_JOURNAL_LOCAL_ONLY | SD_JOURNAL_SYSTEM`).
    ///   - maxPriority: the least severe priority returned (3 = err).
    public init(units: [String], directory: String? = nil, maxPriority: Int = 3) {
        precondition(!units.isEmpty, "JournalReader needs at least one unit")
        self.executor = BlockingExecutor(label: "warden.systemd.journal")
        self.directory = directory
        self.matches = Self.matches(units: units, maxPriority: maxPriority)
    }

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    /// Opens the journal and positions after its last entry; entries written before are never
    /// returned. Does nothing if already open.
    /// - Throws: `.unavailable` when no journal can be read: log it once and skip this source.
    public func open() throws(Error) {
        guard journal == nil else { return }
        let opened = try JournalHandle.open(directory: directory)
        try opened.addMatches(matches)
        try opened.seekToTail()
        journal = opened
    }

    /// Up to `max` entries written since the last call (oldest first). With a `timeout` above
    /// zero and nothing new, waits up to that long for new entries; otherwise returns at once.
    /// Opens the journal first if `open()` was not called.
    public func next(max: Int, waitingUpTo timeout: Duration = .zero) throws(Error) -> [JournalEntry] {
        try open()
        guard let journal else { return [] }
        try journal.refresh(waitingUpTo: .zero)
        var entries = try Self.read(journal, max: max)
        // sd_journal_wait also wakes for entries of other units: wait again until the deadline.
        let deadline = ContinuousClock.now + timeout
        while entries.isEmpty {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { break }
            try journal.refresh(waitingUpTo: remaining)
            entries = try Self.read(journal, max: max)
        }
        return entries
    }

    private static func read(_ journal: JournalHandle, max: Int) throws(Error) -> [JournalEntry] {
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
