internal import Glibc
public import Logging

/// A swift-log handler writing one plain line per record to stderr (or another descriptor):
/// `2025-01-02T03:04:05.678Z info warden.exit: message key=value …`.
///
/// Each line goes out in a single write(2), so lines from concurrent loggers do not interleave.
public struct StderrLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level
    /// The logger's label, printed before the message.
    public let label: String
    /// Where lines go; 2 (stderr) unless a test hands in a pipe.
    public let fileDescriptor: Int32

    public init(
        label: String,
        fileDescriptor: Int32 = 2,
        logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.fileDescriptor = fileDescriptor
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let line = Self.line(
            timestamp: Self.iso8601(seconds: Int(now.tv_sec), nanoseconds: Int(now.tv_nsec)),
            level: event.level,
            label: self.label,
            message: event.message.description,
            metadata: event.effectiveMetadata(handler: self.metadata, provider: self.metadataProvider)
        )
        Self.write(line + "\n", to: self.fileDescriptor)
    }

    /// Writes the bytes with one write(2), repeating only on EINTR or a short write.
    static func write(_ text: String, to fileDescriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(fileDescriptor, base + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // nowhere left to report a failed log write
                }
                offset += written
            }
        }
    }

    /// UTC time with milliseconds, e.g. `2023-11-14T22:13:20.123Z`.
    public static func iso8601(seconds: Int, nanoseconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let date = "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
        let clock = "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
        return "\(date)T\(clock).\(pad(Int32(nanoseconds / 1_000_000), 3))Z"
    }
}
