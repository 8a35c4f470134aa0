extension TOMLParser {
    var peek: UInt8? { i < bytes.count ? bytes[i] : nil }
    var next: UInt8? { i + 1 < bytes.count ? bytes[i + 1] : nil }

    mutating func skipWhitespace() {
        while let b = peek, b == 0x20 || b == 0x09 { i += 1 }
    }

    /// Whitespace, comments and newlines (inside arrays).
    mutating func skipBlank() throws(Error) {
        while let b = peek {
            switch b {
            case 0x20, 0x09, 0x0A: i += 1
            case 0x0D where next == 0x0A: i += 2
            case UInt8(ascii: "#"): try comment()
            default: return
            }
        }
    }

    mutating func expect(_ c: Unicode.Scalar, _ message: String) throws(Error) {
        guard peek == UInt8(ascii: c) else { throw error("syntax", message) }
        i += 1
    }

    func error(_ reason: String, _ message: String, at position: Int? = nil) -> Error {
        let end = min(position ?? i, bytes.count)
        var line = 1, lineStart = 0
        for (k, b) in bytes[..<end].enumerated() where b == 0x0A {
            line += 1
            lineStart = k + 1
        }
        let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1
        return Error(reason: reason, message: message, line: line, column: column)
    }

    /// A dotted key: bare (`A-Za-z0-9_-`), "basic" or 'literal' parts joined by dots.
    mutating func key() throws(Error) -> [String] {
        var parts: [String] = []
        while true {
            skipWhitespace()
            switch peek {
            case UInt8(ascii: "\""):
                guard !isTriple(0x22) else { throw error("syntax", "a key cannot be a multi-line string") }
                parts.append(try basicString())
            case UInt8(ascii: "'"):
                guard !isTriple(0x27) else { throw error("syntax", "a key cannot be a multi-line string") }
                parts.append(try literalString())
            default:
                let start = i
                while let b = peek, Self.isBare(b) { i += 1 }
                guard i > start else { throw error("syntax", "expected a key") }
                parts.append(String(decoding: bytes[start..<i], as: UTF8.self))
            }
            skipWhitespace()
            guard peek == UInt8(ascii: ".") else { return parts }
            i += 1
        }
    }

    /// Whether three `quote` bytes start here.
    func isTriple(_ quote: UInt8) -> Bool {
        i + 2 < bytes.count && bytes[i] == quote && bytes[i + 1] == quote && bytes[i + 2] == quote
    }

    static func isBare(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
            || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }
}
