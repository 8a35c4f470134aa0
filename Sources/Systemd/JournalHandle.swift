internal import CSystemd
internal import Glibc

/// Owns one `sd_journal *`, closed in `deinit`. Confined to one actor.
final class JournalHandle {
    private let journal: OpaquePointer

    private init(owned journal: OpaquePointer) {
        self.journal = journal
    }

    deinit {
        sd_journal_close(journal)
    }

    /// Opens the local system journal, or the journal files under `directory` (journalctl -D).
    static func open(directory: String?) throws(JournalReader.Error) -> JournalHandle {
        var raw: OpaquePointer?
        let rc: Int32
        let function: String
        if let directory {
            (rc, function) = (sd_journal_open_directory(&raw, directory, 0), "sd_journal_open_directory")
        } else {
            let flags = Int32(SD_JOURNAL_LOCAL_ONLY | SD_JOURNAL_SYSTEM)
            (rc, function) = (sd_journal_open(&raw, flags), "sd_journal_open")
        }
        guard rc >= 0, let raw else {
            throw .unavailable("\(Systemd.Error(function: function, errno: rc < 0 ? -rc : ENOMEM))")
        }
        let handle = JournalHandle(owned: raw)
        // libsystemd skips unreadable files silently: no bytes open means nothing to read.
        // (sd_journal_has_runtime_files only counts files under /run, not those of a directory.)
        var bytes: UInt64 = 0
        guard sd_journal_get_usage(raw, &bytes) >= 0, bytes > 0 else {
            throw .unavailable("no readable journal files" + (directory.map { " in \($0)" } ?? ""))
        }
        // Sets up inotify, so that sd_journal_process/sd_journal_wait see new and rotated files.
        _ = sd_journal_get_fd(raw)
        return handle
    }

    /// Adds `FIELD=value` matches: the same field ORs, different fields AND.
    func addMatches(_ matches: [String]) throws(JournalReader.Error) {
        for match in matches {
            let rc = match.withCString { sd_journal_add_match(journal, $0, 0) }
            try Self.check(rc, "sd_journal_add_match")
        }
    }

    /// Places the cursor after the last entry, so `next` returns only later ones.
    func seekToTail() throws(JournalReader.Error) {
        try Self.check(sd_journal_seek_tail(journal), "sd_journal_seek_tail")
        try Self.check(sd_journal_previous(journal), "sd_journal_previous")
    }

    /// Picks up appended and new files; waits up to `timeout` for a change when it is not zero.
    func refresh(waitingUpTo timeout: Duration) throws(JournalReader.Error) {
        if timeout > .zero {
            try Self.check(sd_journal_wait(journal, timeout.clampedMicroseconds), "sd_journal_wait")
        } else {
            try Self.check(sd_journal_process(journal), "sd_journal_process")
        }
    }

    /// Moves to the next matching entry and reads it; nil at the end.
    func next() throws(JournalReader.Error) -> JournalEntry? {
        while true {
            let rc = sd_journal_next(journal)
            try Self.check(rc, "sd_journal_next")
            guard rc > 0 else { return nil }
            var usec: UInt64 = 0
            try Self.check(sd_journal_get_realtime_usec(journal, &usec), "sd_journal_get_realtime_usec")
            // An entry without a message is of no use to error counting; skip it.
            guard let message = field("MESSAGE") else { continue }
            return JournalEntry(unit: field("_SYSTEMD_UNIT") ?? "", priority: field("PRIORITY").flatMap { Int($0) } ?? 6,
                                message: message, realtimeMicroseconds: usec)
        }
    }

    private func field(_ name: String) -> String? {
        var data: UnsafeRawPointer?
        var length = 0
        guard sd_journal_get_data(journal, name, &data, &length) >= 0, let data else { return nil }
        return JournalEntry.value(ofField: name, in: UnsafeRawBufferPointer(start: data, count: length))
    }

    private static func check(_ rc: Int32, _ function: String) throws(JournalReader.Error) {
        if rc < 0 { throw .call(Systemd.Error(function: function, errno: rc == Int32.min ? Int32.max : -rc)) }
    }
}

@available(*, unavailable)
extension JournalHandle: Sendable {}
