import Glibc
import WardenCore

/// One route's outbox directory: `<state.dir>/outbox/<route>/<seq>.json`, one notification per file.
///
/// A write is durable before it returns: temp file, `fsync`, `rename`, then `fsync` of the
/// directory. Blocking calls: use only from the ``AlertDispatcher`` actor, which runs on its own
/// `BlockingExecutor` thread, never on the cooperative pool.
final class OutboxDirectory {
    /// A file operation that failed: the call and its errno. `reason` is the call's name (a fixed set).
    struct Failure: Error, CustomStringConvertible {
        let reason: String
        let errno: Int32
        var description: String { "\(reason) failed: \(String(cString: strerror(errno)))" }
    }

    let path: String

    init(path: String) {
        self.path = path
    }

    /// `<seq>.json` with the sequence zero-padded, so name order is queue order.
    static func fileName(_ seq: UInt64) -> String {
        let digits = String(seq)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".json"
    }

    /// Creates the directory and its parents (mode 0700: alerts may name positions).
    func create() throws(Failure) {
        var prefix = ""
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o700) != 0, errno != EEXIST { throw Failure(reason: "mkdir", errno: errno) }
        }
    }

    /// The queued files in sequence order, read back. Leftover temp files are deleted; a file that
    /// does not parse is renamed `*.bad` (kept for a person, never retried) and counted.
    func load() throws(Failure) -> (records: [(seq: UInt64, record: OutboxRecord)], damaged: Int) {
        guard let dir = opendir(path) else { throw Failure(reason: "opendir", errno: errno) }
        var names: [String] = []
        while let entry = readdir(dir) {
            names.append(withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) })
        }
        closedir(dir)
        var records: [(UInt64, OutboxRecord)] = []
        var damaged = 0
        for name in names {
            if name.hasSuffix(".tmp") { unlink(path + "/" + name); continue }
            guard name.hasSuffix(".json"), let seq = UInt64(name.dropLast(5)) else { continue }
            if let bytes = Self.read(path + "/" + name), let record = OutboxRecord.parse(bytes) {
                records.append((seq, record))
            } else {
                damaged += 1
                rename(path + "/" + name, path + "/" + name + ".bad")
            }
        }
        return (records.sorted { $0.0 < $1.0 }.map { (seq: $0.0, record: $0.1) }, damaged)
    }

    /// Writes `bytes` as entry `seq`, durably (see the type's comment).
    func write(_ seq: UInt64, _ bytes: [UInt8]) throws(Failure) {
        try Self.writeDurably(path + "/" + Self.fileName(seq), in: path, bytes)
    }

    /// Replaces the file `final` in `directory` with `bytes`, durably: temp file, `fsync`,
    /// `rename`, `fsync` of the directory.
    static func writeDurably(_ final: String, in directory: String, _ bytes: [UInt8]) throws(Failure) {
        let temp = final + ".tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(reason: "open", errno: errno) }
        var failure: Failure?
        var offset = 0
        while offset < bytes.count, failure == nil {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n > 0 { offset += n } else if n < 0, errno != EINTR { failure = Failure(reason: "write", errno: errno) }
        }
        if failure == nil, fsync(fd) != 0 { failure = Failure(reason: "fsync", errno: errno) }
        close(fd)
        if failure == nil, rename(temp, final) != 0 { failure = Failure(reason: "rename", errno: errno) }
        if let failure {
            unlink(temp)
            throw failure
        }
        try syncDirectory(directory)
    }

    /// Deletes entry `seq`. Not synced: if the deletion is lost in a crash the entry is sent again
    /// (at-least-once), which is what the receivers' deduplication is for.
    func remove(_ seq: UInt64) {
        unlink(path + "/" + Self.fileName(seq))
    }

    private static func syncDirectory(_ path: String) throws(Failure) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(reason: "open", errno: errno) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw Failure(reason: "fsync", errno: errno) }
    }

    /// A file's bytes (at most 1 MiB); nil when missing, unreadable or larger.
    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = [], chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0, bytes.count + n <= 1 << 20 else { return nil }
            if n == 0 { return bytes }
            bytes += chunk[0..<n]
        }
    }
}

@available(*, unavailable)
extension OutboxDirectory: Sendable {}
