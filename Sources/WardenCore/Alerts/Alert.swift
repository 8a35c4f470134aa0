/// An alert as it is notified: firing or resolved, with what on-call needs to read.
public struct Alert: Sendable, Hashable {
    public enum State: String, Sendable, Hashable { case firing, resolved }

    public var key: AlertKey
    public var severity: Severity
    public var summary: String
    public var state: State
    public var startsAt: WallTime
    /// Set when resolved.
    public var endsAt: WallTime?

    public init(key: AlertKey, severity: Severity, summary: String, state: State, startsAt: WallTime, endsAt: WallTime? = nil) {
        self.key = key
        self.severity = severity
        self.summary = summary
        self.state = state
        self.startsAt = startsAt
        self.endsAt = endsAt
    }

    /// Stable per (name, subject): FNV-1a 64 as 16 hex digits. Dedup keys derive from it.
    public var fingerprint: String { Self.fingerprint(key) }

    public static func fingerprint(_ key: AlertKey) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in (key.name.rawValue + "\u{0}" + key.subject).utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
