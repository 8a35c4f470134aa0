extension TOMLParser {
    /// Any value: string, boolean, number, array or inline table.
    mutating func value() throws(Error) -> TOMLValue {
        guard let b = peek else { throw error("syntax", "expected a value") }
        switch b {
        case UInt8(ascii: "\""):
            return .string(isTriple(0x22) ? try multilineBasicString() : try basicString())
        case UInt8(ascii: "'"):
            return .string(isTriple(0x27) ? try multilineLiteralString() : try literalString())
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "{"): return try inlineTable()
        case UInt8(ascii: "t") where bytes[i...].starts(with: Array("true".utf8)):
            i += 4
            return try endOfWord(.boolean(true))
        case UInt8(ascii: "f") where bytes[i...].starts(with: Array("false".utf8)):
            i += 5
            return try endOfWord(.boolean(false))
        default: return try number()
        }
    }

    private func endOfWord(_ value: TOMLValue) throws(Error) -> TOMLValue {
        if let b = peek, Self.isBare(b) || b == UInt8(ascii: ".") { throw error("syntax", "expected a value") }
        return value
    }

    /// `[v, v, …]` over any number of lines, with comments and an optional trailing comma.
    private mutating func array() throws(Error) -> TOMLValue {
        try enterNested()
        defer { depth -= 1 }
        i += 1
        var elements: [TOMLValue] = []
        while true {
            try skipBlank()
            if peek == UInt8(ascii: "]") { i += 1; return .array(elements) }
            elements.append(try value())
            try skipBlank()
            switch peek {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "]"): i += 1; return .array(elements)
            default: throw error("syntax", "expected ',' or ']' in an array")
            }
        }
    }

    /// `{ k = v, a.b = v }` on one line, no trailing comma; complete once closed.
    private mutating func inlineTable() throws(Error) -> TOMLValue {
        try enterNested()
        defer { depth -= 1 }
        i += 1
        var table = Table(origin: .dotted)
        skipWhitespace()
        if peek == UInt8(ascii: "}") { i += 1; return .table([:]) }
        while true {
            let start = i
            let keys = try key()
            try expect("=", "expected '=' after a key")
            skipWhitespace()
            let v = try value()
            do throws(Problem) { try table.assign(keys[...], v) } catch {
                throw self.error(error.reason, error.message, at: start)
            }
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","):
                i += 1
                skipWhitespace()
                if peek == UInt8(ascii: "}") { throw error("syntax", "trailing comma in an inline table") }
            case UInt8(ascii: "}"): i += 1; return .table(table.value)
            default: throw error("syntax", "expected ',' or '}' in an inline table")
            }
        }
    }

    /// One level deeper; a file nesting past ``TOMLParser/maxDepth`` is an error, not a stack overflow.
    private mutating func enterNested() throws(Error) {
        guard depth < Self.maxDepth else { throw error("nesting", "arrays and inline tables nested deeper than \(Self.maxDepth)") }
        depth += 1
    }
}
