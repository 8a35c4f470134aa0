public import Logging

extension StderrLogHandler {
    /// One record without the newline: `<time> <level> <label>: <message> key=value …`.
    ///
    /// Metadata is sorted by key. Control characters are escaped (`\n`), so a record is always
    /// one line. Values with spaces, quotes, backslashes, `=`, control characters or nothing at
    /// all are double-quoted (logfmt).
    public static func line(
        timestamp: String,
        level: Logger.Level,
        label: String,
        message: String,
        metadata: Logger.Metadata
    ) -> String {
        var line = "\(timestamp) \(level.rawValue) \(label): \(Self.escaped(message, quote: false))"
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            line += " \(Self.escapedKey(key))=\(Self.escaped(value.description, quote: true))"
        }
        return line
    }

    private static func escapedKey(_ key: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in key.unicodeScalars {
            let plain = scalar != "=" && scalar != "\"" && !scalar.properties.isWhitespace
                && scalar.properties.generalCategory != .control
            out.append(plain ? scalar : "_")
        }
        return String(out)
    }

    /// Escapes control characters; with `quote`, also quotes values that logfmt would misread.
    static func escaped(_ text: String, quote: Bool) -> String {
        let needsQuotes =
            quote
            && (text.isEmpty
                || text.unicodeScalars.contains {
                    " =\"\\".unicodeScalars.contains($0) || $0.properties.generalCategory == .control
                })
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\"" where needsQuotes: out += "\\\""
            case "\\" where needsQuotes: out += "\\\\"
            case _ where scalar.properties.generalCategory == .control:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return needsQuotes ? "\"\(out)\"" : out
    }
}
