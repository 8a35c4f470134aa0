/// A strict parser of TOML 1.0 documents into nested ``TOMLValue`` tables: comments, bare, quoted
/// and dotted keys, `[tables]`, `[[arrays of tables]]`, the four string forms, integers, floats,
/// booleans, arrays and inline tables. Duplicate keys and table redefinitions are errors; dates
/// and times are rejected with their own error. Standard library only.
public struct TOMLParser {
    /// Why a document is not accepted, with the 1-based line and column where parsing stopped.
    public struct Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
        /// Metric-safe cause: `syntax`, `invalid_string`, `invalid_number`, `duplicate_key`,
        /// `table_redefined`, `unsupported_datetime`.
        public let reason: String
        public let message: String
        public let line: Int
        public let column: Int

        public var description: String { "line \(line), column \(column): \(message)" }
    }

    var bytes: [UInt8]
    var i = 0
    /// Arrays and inline tables open around the current value (bounded: the parser recurses).
    var depth = 0
    static let maxDepth = 32
    var root = Table(origin: .header)
    /// The header path that key/value lines currently go into.
    var current: [String] = []

    init(_ text: String) { bytes = Array(text.utf8) }

    /// The document's root table, or the first error.
    public static func parse(_ text: String) -> Result<[String: TOMLValue], Error> {
        var parser = TOMLParser(text)
        do throws(Error) {
            try parser.document()
            return .success(parser.root.value)
        } catch {
            return .failure(error)
        }
    }

    mutating func document() throws(Error) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        while true {
            skipWhitespace()
            guard let b = peek else { return }
            switch b {
            case UInt8(ascii: "#"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): break
            case UInt8(ascii: "["): try header()
            default: try keyValueLine()
            }
            try endOfLine()
        }
    }

    /// `[a.b]` or `[[a.b]]`.
    private mutating func header() throws(Error) {
        let start = i
        i += 1
        let isArray = peek == UInt8(ascii: "[")
        if isArray { i += 1 }
        skipWhitespace()
        let keys = try key()
        skipWhitespace()
        try expect("]", "expected ']' to close the table header")
        if isArray { try expect("]", "expected ']]' to close the array-of-tables header") }
        do throws(Problem) { try Self.define(&root, keys[...], isArray: isArray) } catch {
            throw self.error(error.reason, error.message, at: start)
        }
        current = keys
    }

    private mutating func keyValueLine() throws(Error) {
        let start = i
        let keys = try key()
        skipWhitespace()
        try expect("=", "expected '=' after a key")
        skipWhitespace()
        let value = try value()
        do throws(Problem) {
            try Self.withTable(&root, current[...]) { (table: inout Table) throws(Problem) in try table.assign(keys[...], value) }
        } catch {
            throw self.error(error.reason, error.message, at: start)
        }
    }

    /// Whitespace, an optional comment, then a newline or the end.
    mutating func endOfLine() throws(Error) {
        skipWhitespace()
        if peek == UInt8(ascii: "#") { try comment() }
        guard let b = peek else { return }
        if b == UInt8(ascii: "\n") { i += 1; return }
        if b == UInt8(ascii: "\r"), next == UInt8(ascii: "\n") { i += 2; return }
        throw error("syntax", "expected the end of the line")
    }

    mutating func comment() throws(Error) {
        while let b = peek, b != UInt8(ascii: "\n") {
            if b == UInt8(ascii: "\r"), next == UInt8(ascii: "\n") { return }
            if (b < 0x20 && b != 0x09) || b == 0x7F { throw error("syntax", "control character in a comment") }
            i += 1
        }
    }
}
