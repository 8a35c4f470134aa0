/// One RESP2 reply. A nil reply (`.null`) stays distinct from `0`, `""` and `[]`.
public enum RedisValue: Sendable, Hashable {
    case null
    case status(String)
    case error(String)
    case integer(Int64)
    case bulk([UInt8])
    case array([RedisValue])

    /// The text of a bulk string (only if valid UTF-8) or a status reply; nil otherwise.
    public var string: String? {
        switch self {
        case .bulk(let bytes): String(validating: bytes, as: UTF8.self)
        case .status(let text): text
        default: nil
        }
    }

    /// An integer reply, or a bulk/status reply holding a decimal integer (`GET` of a counter).
    public var int: Int? {
        switch self {
        case .integer(let value): Int(exactly: value)
        case .bulk, .status: self.string.flatMap { Int($0) }
        default: nil
        }
    }

    /// The elements of an array reply; nil for a nil reply and every other type.
    public var array: [RedisValue]? {
        if case .array(let elements) = self { elements } else { nil }
    }

    /// The bytes of a bulk string.
    public var bytes: [UInt8]? {
        if case .bulk(let bytes) = self { bytes } else { nil }
    }

    /// True only for a nil reply (missing key, `BLOCK` timeout), not for empty values.
    public var isNull: Bool {
        if case .null = self { true } else { false }
    }
}
