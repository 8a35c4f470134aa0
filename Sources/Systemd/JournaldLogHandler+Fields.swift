public import Logging

extension JournaldLogHandler {
    /// One journal field, `NAME=value`; the value may hold any bytes, newlines included.
    public struct Field: Sendable, Hashable, CustomStringConvertible {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }

        public var description: String { "\(self.name)=\(self.value)" }
    }

    /// Names this handler sets itself; metadata that would collide is renamed `X_<NAME>`.
    static let reservedNames: Set<String> = [
        "MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "LOGGER", "CODE_FILE", "CODE_LINE", "CODE_FUNC",
    ]

    /// The fields of one entry: fixed fields first, then metadata sorted by field name.
    ///
    /// Nested dictionaries are flattened (`order` → `id` becomes `ORDER_ID`); arrays and other
    /// values are rendered as strings. Keys that sanitize to the same name are all kept.
    public static func fields(
        level: Logger.Level,
        message: String,
        metadata: Logger.Metadata,
        label: String,
        identifier: String = "warden",
        file: String,
        function: String,
        line: UInt
    ) -> [Field] {
        var fields = [
            Field("MESSAGE", message),
            Field("PRIORITY", String(level.syslogPriority)),
            Field("SYSLOG_IDENTIFIER", identifier),
            Field("LOGGER", label),
            Field("CODE_FILE", file),
            Field("CODE_LINE", String(line)),
            Field("CODE_FUNC", function),
        ]
        var extra: [Field] = []
        Self.flatten(metadata, prefix: nil, into: &extra)
        fields += extra.sorted { ($0.name, $0.value) < ($1.name, $1.value) }
        return fields
    }

    private static func flatten(_ metadata: Logger.Metadata, prefix: String?, into fields: inout [Field]) {
        for (key, value) in metadata {
            let path = prefix.map { "\($0).\(key)" } ?? key
            if case .dictionary(let nested) = value, !nested.isEmpty {
                Self.flatten(nested, prefix: path, into: &fields)
            } else {
                fields.append(Field(Self.fieldName(forKey: path), value.description))
            }
        }
    }

    /// A valid journald field name for a metadata key: A–Z, 0–9 and `_` only, starting with a
    /// letter, at most 64 characters (`warden.event` → `WARDEN_EVENT`, `_x` → `X__X`).
    public static func fieldName(forKey key: String) -> String {
        var name = String(
            String.UnicodeScalarView(
                key.unicodeScalars.map { scalar -> Unicode.Scalar in
                    switch scalar {
                    case "A"..."Z", "0"..."9", "_": scalar
                    case "a"..."z": Unicode.Scalar(scalar.value - 32)!
                    default: "_"
                    }
                }
            )
        )
        if !(name.first.map { ("A"..."Z").contains($0) } ?? false) || Self.reservedNames.contains(name) {
            name = "X_" + name
        }
        return String(name.prefix(64))
    }
}
