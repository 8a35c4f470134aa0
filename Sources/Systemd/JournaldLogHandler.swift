internal import CSystemd
internal import Glibc
public import Logging

/// A swift-log handler that writes structured entries to the systemd journal (`sd_journal_sendv`).
///
/// Each metadata entry becomes its own journal field (`warden.event` → `WARDEN_EVENT=`), so
/// `journalctl WARDEN_EVENT=exit_triggered` works. If the journal rejects an entry, the record
/// goes to stderr instead; note that libsystemd reports success when no journald is running.
public struct JournaldLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level
    /// The logger's label, recorded as `LOGGER=`.
    public let label: String
    /// The `SYSLOG_IDENTIFIER=` of every entry.
    public let identifier: String

    public init(
        label: String,
        identifier: String = "warden",
        logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.identifier = identifier
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let fields = Self.fields(
            level: event.level,
            message: event.message.description,
            metadata: event.effectiveMetadata(handler: self.metadata, provider: self.metadataProvider),
            label: self.label,
            identifier: self.identifier,
            file: event.file,
            function: event.function,
            line: event.line
        )
        if Self.send(fields) < 0 {
            var fallback = StderrLogHandler(label: self.label, metadataProvider: self.metadataProvider)
            fallback.metadata = self.metadata
            fallback.log(event: event)
        }
    }

    /// Sends the fields as one entry, each as a binary-safe `NAME=value` iovec; returns sd_journal_sendv's code.
    static func send(_ fields: [Field]) -> Int32 {
        var buffer: [UInt8] = []
        var spans: [(start: Int, count: Int)] = []
        spans.reserveCapacity(fields.count)
        for field in fields {
            let start = buffer.count
            buffer.append(contentsOf: field.name.utf8)
            buffer.append(UInt8(ascii: "="))
            buffer.append(contentsOf: field.value.utf8)
            spans.append((start, buffer.count - start))
        }
        return buffer.withUnsafeMutableBytes { bytes in
            guard let base = bytes.baseAddress else { return -EINVAL }
            let vectors = spans.map { iovec(iov_base: base + $0.start, iov_len: $0.count) }
            return vectors.withUnsafeBufferPointer { sd_journal_sendv($0.baseAddress, Int32($0.count)) }
        }
    }
}
