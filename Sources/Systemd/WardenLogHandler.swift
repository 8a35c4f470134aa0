internal import Glibc
public import Logging

/// Picks Warden's log destination: journald's native protocol when stderr is the journal
/// stream systemd connected (`JOURNAL_STREAM`), plain lines on stderr otherwise.
///
/// Use as `LoggingSystem.bootstrap(WardenLogHandler.make(label:metadataProvider:), metadataProvider: …)`
/// or `LoggingSystem.bootstrap(WardenLogHandler.make(label:))`.
public enum WardenLogHandler {
    /// A handler for `label`: `JournaldLogHandler` under systemd's journal, else `StderrLogHandler`.
    public static func make(label: String, metadataProvider: Logger.MetadataProvider?) -> any LogHandler {
        if Self.stderrIsJournalStream() {
            return JournaldLogHandler(label: label, metadataProvider: metadataProvider)
        }
        return StderrLogHandler(label: label, metadataProvider: metadataProvider)
    }

    /// A handler for `label` without a metadata provider.
    public static func make(label: String) -> any LogHandler {
        Self.make(label: label, metadataProvider: nil)
    }

    /// Whether fd 2 is the stream named by `$JOURNAL_STREAM` (so output already reaches journald).
    public static func stderrIsJournalStream() -> Bool {
        guard let identity = Self.fileIdentity(of: 2) else { return false }
        let value = getenv("JOURNAL_STREAM").map { String(cString: $0) }
        return Self.journalStreamMatches(value, device: identity.device, inode: identity.inode)
    }

    /// Whether a `JOURNAL_STREAM` value (`<st_dev>:<st_ino>`, decimal) names this device and inode.
    ///
    /// A missing or malformed value never matches; a stale one (stderr redirected since) doesn't either.
    public static func journalStreamMatches(_ value: String?, device: UInt64, inode: UInt64) -> Bool {
        guard let value else { return false }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2,
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let streamDevice = UInt64(parts[0]),
            let streamInode = UInt64(parts[1])
        else { return false }
        return streamDevice == device && streamInode == inode
    }

    /// `st_dev` and `st_ino` of an open descriptor from fstat(2), or nil if it is not open.
    public static func fileIdentity(of fileDescriptor: Int32) -> (device: UInt64, inode: UInt64)? {
        var info = stat()
        guard fstat(fileDescriptor, &info) == 0 else { return nil }
        return (UInt64(truncatingIfNeeded: info.st_dev), UInt64(truncatingIfNeeded: info.st_ino))
    }
}
