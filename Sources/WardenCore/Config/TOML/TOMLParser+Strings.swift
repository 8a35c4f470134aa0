extension TOMLParser {
    /// `"…"` with escapes, on one line.
    mutating func basicString() throws(Error) -> String {
        i += 1
        var out: [UInt8] = []
        while let b = peek {
            switch b {
            case 0x22: i += 1; return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"): try escape(into: &out)
            case 0x0A, 0x0D: throw error("invalid_string", "newline in a single-line string")
            default:
                try checkControl(b)
                out.append(b)
                i += 1
            }
        }
        throw error("invalid_string", "unterminated string")
    }

    /// `'…'`, verbatim, on one line.
    mutating func literalString() throws(Error) -> String {
        i += 1
        let start = i
        while let b = peek {
            if b == 0x27 { i += 1; return String(decoding: bytes[start..<(i - 1)], as: UTF8.self) }
            if b == 0x0A || b == 0x0D { throw error("invalid_string", "newline in a single-line string") }
            try checkControl(b)
            i += 1
        }
        throw error("invalid_string", "unterminated string")
    }

    /// `"""…"""`: a newline right after the opening quotes is dropped; a backslash at the end of a
    /// line drops it and the whitespace and newlines that follow.
    mutating func multilineBasicString() throws(Error) -> String {
        let start = i
        i += 3
        skipFirstNewline()
        var out: [UInt8] = []
        while let b = peek {
            if b == 0x22, isTriple(0x22) { return closeMultiline(0x22, out) }
            if b == UInt8(ascii: "\\") {
                var j = i + 1
                while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                if j < bytes.count, bytes[j] == 0x0A || (bytes[j] == 0x0D && j + 1 < bytes.count && bytes[j + 1] == 0x0A) {
                    i = j
                    while let c = peek, c == 0x20 || c == 0x09 || c == 0x0A || (c == 0x0D && next == 0x0A) { i += 1 }
                    continue
                }
                try escape(into: &out)
                continue
            }
            try multilineByte(b, into: &out)
        }
        throw error("invalid_string", "unterminated multi-line string", at: start)
    }

    /// `'''…'''`, verbatim; a newline right after the opening quotes is dropped.
    mutating func multilineLiteralString() throws(Error) -> String {
        let start = i
        i += 3
        skipFirstNewline()
        var out: [UInt8] = []
        while let b = peek {
            if b == 0x27, isTriple(0x27) { return closeMultiline(0x27, out) }
            try multilineByte(b, into: &out)
        }
        throw error("invalid_string", "unterminated multi-line string", at: start)
    }

    private mutating func skipFirstNewline() {
        if peek == 0x0A { i += 1 } else if peek == 0x0D, next == 0x0A { i += 2 }
    }

    private mutating func multilineByte(_ b: UInt8, into out: inout [UInt8]) throws(Error) {
        if b == 0x0D {
            guard next == 0x0A else { throw error("invalid_string", "bare carriage return in a string") }
        } else if b != 0x0A {
            try checkControl(b)
        }
        out.append(b)
        i += 1
    }

    /// At three closing quotes: up to two more quotes belong to the content (`""""` ends in `"`).
    private mutating func closeMultiline(_ quote: UInt8, _ content: [UInt8]) -> String {
        var out = content
        var run = 0
        while i + run < bytes.count, bytes[i + run] == quote, run < 5 { run += 1 }
        out.append(contentsOf: repeatElement(quote, count: run - 3))
        i += run
        return String(decoding: out, as: UTF8.self)
    }

    private func checkControl(_ b: UInt8) throws(Error) {
        if (b < 0x20 && b != 0x09) || b == 0x7F { throw error("invalid_string", "control character in a string") }
    }

    /// `\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX`.
    private mutating func escape(into out: inout [UInt8]) throws(Error) {
        let start = i
        i += 1
        guard let e = peek else { throw error("invalid_string", "unterminated string") }
        i += 1
        switch e {
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "r"): out.append(0x0D)
        case 0x22: out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = e == UInt8(ascii: "u") ? 4 : 8
            guard i + count <= bytes.count,
                  let code = UInt32(String(decoding: bytes[i..<(i + count)], as: UTF8.self), radix: 16),
                  bytes[i..<(i + count)].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") }),
                  let scalar = Unicode.Scalar(code)
            else { throw error("invalid_string", "invalid unicode escape", at: start) }
            out.append(contentsOf: String(Character(scalar)).utf8)
            i += count
        default: throw error("invalid_string", "invalid escape sequence", at: start)
        }
    }
}
