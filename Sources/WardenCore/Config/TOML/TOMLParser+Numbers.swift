extension TOMLParser {
    /// Integers (decimal with sign and `_`, `0x`, `0o`, `0b`) and floats (fraction, exponent,
    /// `inf`, `nan`). Something that looks like a date or time is rejected as unsupported.
    mutating func number() throws(Error) -> TOMLValue {
        let start = i
        while let b = peek, Self.isBare(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: ".") || b == UInt8(ascii: ":") {
            i += 1
        }
        let token = Array(bytes[start..<i])
        guard !token.isEmpty else { throw error("syntax", "expected a value") }
        if Self.looksLikeDateTime(token) {
            throw error("unsupported_datetime", "dates and times are not supported", at: start)
        }
        guard let value = Self.numberValue(token) else { throw error("invalid_number", "invalid number or value", at: start) }
        return value
    }

    static func looksLikeDateTime(_ t: [UInt8]) -> Bool {
        let digit = { (k: Int) in k < t.count && t[k] >= 0x30 && t[k] <= 0x39 }
        return (digit(0) && digit(1) && digit(2) && digit(3) && t.count > 4 && t[4] == UInt8(ascii: "-"))
            || (digit(0) && digit(1) && t.count > 2 && t[2] == UInt8(ascii: ":"))
    }

    static func numberValue(_ token: [UInt8]) -> TOMLValue? {
        var t = token[...]
        var negative = false
        if let s = t.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") {
            negative = s == UInt8(ascii: "-")
            t = t.dropFirst()
        }
        switch String(decoding: t, as: UTF8.self) {
        case "inf": return .float(negative ? -.infinity : .infinity)
        case "nan": return .float(.nan)
        default: break
        }
        if t.count > 2, t.first == UInt8(ascii: "0"), let radix = radix(t[t.startIndex + 1]) {
            guard t.count == token.count, let digits = digitsWithUnderscores(t.dropFirst(2)) else { return nil }
            return Int(digits, radix: radix).map(TOMLValue.integer)
        }
        if t.allSatisfy({ $0 == UInt8(ascii: "_") || ($0 >= 0x30 && $0 <= 0x39) }) {
            guard let digits = digitsWithUnderscores(t), !(digits.count > 1 && digits.first == "0") else { return nil }
            return Int((negative ? "-" : "") + digits).map(TOMLValue.integer)
        }
        return float(t, negative: negative)
    }

    /// `int-part [. digits] [e [+-] digits]`, with at least one of the two optional parts.
    private static func float(_ t: ArraySlice<UInt8>, negative: Bool) -> TOMLValue? {
        let text = String(decoding: t, as: UTF8.self)
        let lowered = text.lowercased()
        let mantissaAndExponent = lowered.split(separator: "e", omittingEmptySubsequences: false)
        guard mantissaAndExponent.count <= 2 else { return nil }
        let mantissa = mantissaAndExponent[0]
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.count == 2 || mantissaAndExponent.count == 2,
              let whole = digitsWithUnderscores(Array(parts[0].utf8)[...]), !(whole.count > 1 && whole.first == "0")
        else { return nil }
        var plain = whole
        if parts.count == 2 {
            guard let fraction = digitsWithUnderscores(Array(parts[1].utf8)[...]) else { return nil }
            plain += "." + fraction
        }
        if mantissaAndExponent.count == 2 {
            var exponent = Array(mantissaAndExponent[1].utf8)[...]
            var sign = ""
            if let s = exponent.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") {
                sign = s == UInt8(ascii: "-") ? "-" : ""
                exponent = exponent.dropFirst()
            }
            guard let digits = digitsWithUnderscores(exponent) else { return nil }
            plain += "e" + sign + digits
        }
        guard let d = Double((negative ? "-" : "") + plain), d.isFinite else { return nil }
        return .float(d)
    }

    private static func radix(_ b: UInt8) -> Int? {
        switch b {
        case UInt8(ascii: "x"): 16
        case UInt8(ascii: "o"): 8
        case UInt8(ascii: "b"): 2
        default: nil
        }
    }

    /// The digits with underscores removed; nil when empty, when an underscore is not between two
    /// digits, or on anything but ASCII letters and digits.
    private static func digitsWithUnderscores(_ t: ArraySlice<UInt8>) -> String? {
        guard let first = t.first, let last = t.last, first != UInt8(ascii: "_"), last != UInt8(ascii: "_") else { return nil }
        var out: [UInt8] = []
        var previousUnderscore = false
        for b in t {
            if b == UInt8(ascii: "_") {
                if previousUnderscore { return nil }
                previousUnderscore = true
                continue
            }
            guard (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66) else { return nil }
            previousUnderscore = false
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
