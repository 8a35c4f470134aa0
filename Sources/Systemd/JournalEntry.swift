/// One journal entry of a watched unit: where it came from, how bad, what it said, and when.
public struct JournalEntry: Sendable, Hashable, CustomStringConvertible {
    /// `_SYSTEMD_UNIT=`, e.g. `trader.service`.
    public var unit: String
    /// `PRIORITY=`: syslog priority, 0 (emerg) … 7 (debug).
    public var priority: Int
    /// `MESSAGE=` (invalid UTF-8 is repaired).
    public var message: String
    /// When journald received it: microseconds since the Unix epoch (`__REALTIME_TIMESTAMP`).
    public var realtimeMicroseconds: UInt64

    public init(unit: String, priority: Int, message: String, realtimeMicroseconds: UInt64) {
        self.unit = unit
        self.priority = priority
        self.message = message
        self.realtimeMicroseconds = realtimeMicroseconds
    }

    public var description: String { "\(unit) <\(priority)> \(message)" }

    /// The value of one `NAME=value` field as sd_journal_get_data returns it, or nil if the
    /// bytes are not that field.
    static func value(ofField name: String, in data: UnsafeRawBufferPointer) -> String? {
        let prefix = Array(name.utf8) + [UInt8(ascii: "=")]
        guard data.count >= prefix.count, data.prefix(prefix.count).elementsEqual(prefix) else { return nil }
        return String(decoding: data.dropFirst(prefix.count), as: UTF8.self)
    }
}
