/// The shape of an error message with its variable parts taken out, so that the same fault
/// repeated with different ids, numbers and values counts as one.
///
/// `Failed intent 1700000000000-0 (order 8f14e45f-…): got an unexpected keyword argument 'side'`
/// becomes `Failed intent <id> (order <uuid>): got an unexpected keyword argument '<str>'`.
/// Placeholders: `<n>` numbers, `<id>` Redis stream ids and long mixed ids, `<uuid>`, `<hex>`
/// (`0x…` and long hex), `<str>` quoted values, `<sym>` trading symbols (`BTCUSDT`).
/// Whitespace runs become one space. Works on UTF-8 bytes: it runs for every error line.
public enum ErrorSignature {
    /// Longest signature, in UTF-8 bytes (cut at a character boundary).
    public static let maxLength = 200
    /// Only this many bytes of a message are read.
    static let maxInput = 2000
    /// A quote not closed within this many bytes is kept as a literal character.
    static let maxQuoted = 256

    public static func normalize(_ message: String) -> String {
        let s = Array(message.utf8.prefix(maxInput))
        var out: [UInt8] = []
        out.reserveCapacity(maxLength + 8)
        var pendingSpace = false
        var i = 0
        while i < s.count, out.count < maxLength {
            let c = s[i]
            if c <= 0x20 || c == 0x7F {
                pendingSpace = true
                i += 1
                continue
            }
            if pendingSpace, !out.isEmpty { out.append(0x20) }
            pendingSpace = false
            if c == 0x27 || c == 0x22, let end = closingQuote(s, at: i) {
                out.append(c)
                out += Tag.str
                out.append(c)
                i = end + 1
            } else if isWord(c) {
                var j = i + 1
                while j < s.count, isWord(s[j]) || ((s[j] == 0x2D || s[j] == 0x2E) && j + 1 < s.count && isWord(s[j + 1])) {
                    j += 1
                }
                appendToken(s, i..<j, to: &out)
                i = j
            } else {
                out.append(c)
                i += 1
            }
        }
        var cut = min(out.count, maxLength)
        while cut > 0, cut < out.count, out[cut] & 0xC0 == 0x80 { cut -= 1 }  // not inside a character
        while cut > 0, out[cut - 1] == 0x20 { cut -= 1 }
        return String(decoding: out[..<cut], as: UTF8.self)
    }

    enum Tag {
        static let n = Array("<n>".utf8), id = Array("<id>".utf8), uuid = Array("<uuid>".utf8)
        static let hex = Array("<hex>".utf8), str = Array("<str>".utf8), sym = Array("<sym>".utf8)
    }

    /// The index of the quote closing the one at `start`, or nil when it is not a quote
    /// (an apostrophe inside a word: `can't`) or is not closed soon enough.
    static func closingQuote(_ s: [UInt8], at start: Int) -> Int? {
        let q = s[start]
        if q == 0x27, start > 0, isAlphanumeric(s[start - 1]) { return nil }
        var j = start + 1
        while j < s.count, j - start <= maxQuoted {
            if s[j] == q, s[j - 1] != 0x5C, q == 0x22 || j + 1 == s.count || !isAlphanumeric(s[j + 1]) { return j }
            j += 1
        }
        return nil
    }

    /// One token (letters, digits, `_`, with inner `-` and `.`), as placeholders or itself.
    static func appendToken(_ s: [UInt8], _ range: Range<Int>, to out: inout [UInt8]) {
        var parts: [Range<Int>] = []
        var start = range.lowerBound
        for k in range where s[k] == 0x2D || s[k] == 0x2E {
            parts.append(start..<k)
            start = k + 1
        }
        parts.append(start..<range.upperBound)
        let allDigits = parts.allSatisfy { p in !p.isEmpty && p.allSatisfy { isDigit(s[$0]) } }
        if parts.map(\.count) == [8, 4, 4, 4, 12], parts.dropFirst().allSatisfy({ s[$0.lowerBound - 1] == 0x2D }),
           parts.allSatisfy({ $0.allSatisfy { isHex(s[$0]) } }) {
            out += Tag.uuid
        } else if allDigits, parts.count == 1 || (parts.count == 2 && s[parts[0].upperBound] == 0x2E) {
            out += Tag.n
        } else if allDigits, parts.count == 2 {
            out += Tag.id  // a Redis stream id: <ms>-<seq>
        } else {
            for (n, p) in parts.enumerated() {
                appendPart(s, p, to: &out)
                if n < parts.count - 1 { out.append(s[p.upperBound]) }
            }
        }
    }

    static func appendPart(_ s: [UInt8], _ p: Range<Int>, to out: inout [UInt8]) {
        let hasDigit = p.contains { isDigit(s[$0]) }
        let allHex = p.allSatisfy { isHex(s[$0]) }
        if !p.isEmpty, p.allSatisfy({ isDigit(s[$0]) }) { out += Tag.n; return }
        if p.count > 2, s[p.lowerBound] == 0x30, s[p.lowerBound + 1] | 0x20 == 0x78, (p.lowerBound + 2..<p.upperBound).allSatisfy({ isHex(s[$0]) }) {
            out += Tag.hex; return
        }
        if p.count >= 8, hasDigit, allHex { out += Tag.hex; return }
        if p.count >= 16, hasDigit { out += Tag.id; return }
        if isSymbol(s[p]) { out += Tag.sym; return }
        var inDigits = false
        for k in p {
            if isDigit(s[k]) {
                if !inDigits { out += Tag.n }
                inDigits = true
            } else {
                out.append(s[k])
                inDigits = false
            }
        }
    }

    static let quoteAssets: [[UInt8]] = ["USDT", "USDC", "BUSD", "FDUSD"].map { Array($0.utf8) }

    /// `BTCUSDT`, `1000PEPEUSDC`: upper-case base and a stable quote asset.
    static func isSymbol(_ p: ArraySlice<UInt8>) -> Bool {
        guard p.count >= 5, p.count <= 20, p.allSatisfy({ isDigit($0) || (0x41...0x5A).contains($0) }) else { return false }
        return quoteAssets.contains { p.count > $0.count && p.suffix($0.count).elementsEqual($0) }
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func isHex(_ c: UInt8) -> Bool { isDigit(c) || (0x61...0x66).contains(c | 0x20) }
    static func isAlphanumeric(_ c: UInt8) -> Bool { isDigit(c) || (0x61...0x7A).contains(c | 0x20) }
    static func isWord(_ c: UInt8) -> Bool { isAlphanumeric(c) || c == 0x5F }
}
