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
            let plain = scalar.isASCII
                // ASCII whitespace (tab to carriage return, space) and controls are all ≤ 0x20 or DEL.
                ? scalar.value > 0x20 && scalar.value != 0x7F && scalar != "=" && scalar != "\""
                : !scalar.properties.isWhitespace && !isControl(scalar)
            out.append(plain ? scalar : "_")
        }
        return String(out)
    }

    /// Unicode's general category Cc (control), which the standard fixes as exactly
    /// U+0000–U+001F and U+007F–U+009F; checked by value, without the property tables.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Whether `text` can be written as it is: no control character, and with `quote` nothing
    /// logfmt would misread. Most records are plain ASCII; this scans their bytes once.
    private static func isPlain(_ text: String, quote: Bool) -> Bool {
        if quote && text.isEmpty { return false }
        var previous: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case 0..<0x20, 0x7F: return false
            case 0x80...0x9F where previous == 0xC2: return false  // U+0080–U+009F in UTF-8
            case UInt8(ascii: " "), UInt8(ascii: "="), UInt8(ascii: "\""), UInt8(ascii: "\\"):
                if quote { return false }
            default: break
            }
            previous = byte
        }
        return true
    }

    /// Escapes control characters; with `quote`, also quotes values that logfmt would misread.
    static func escaped(_ text: String, quote: Bool) -> String {
        if isPlain(text, quote: quote) { return text }
        let needsQuotes =
            quote
            && (text.isEmpty
                || text.unicodeScalars.contains { " =\"\\".unicodeScalars.contains($0) || isControl($0) })
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\"" where needsQuotes: out += "\\\""
            case "\\" where needsQuotes: out += "\\\\"
            case _ where isControl(scalar):
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return needsQuotes ? "\"\(out)\"" : out
    }
}
