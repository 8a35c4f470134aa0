extension PaperExchange {
    /// A request's parameters: the query string and the `x-www-form-urlencoded` body, decoded.
    /// When a name appears in both, the query string wins (Binance's rule).
    struct Params: Sendable {
        private(set) var values: [String: String] = [:]

        init(_ values: [String: String]) {
            self.values = values
        }

        init(query: String, body: String) throws(APIError) {
            for (name, value) in try Self.pairs(body) { values[name] = value }
            for (name, value) in try Self.pairs(query) { values[name] = value }
        }

        /// The value, or nil when absent or empty (Binance treats both as "not sent").
        subscript(_ name: String) -> String? {
            guard let v = values[name], !v.isEmpty else { return nil }
            return v
        }

        func has(_ name: String) -> Bool { values[name] != nil }

        /// Decoded `name=value` pairs in order.
        static func pairs(_ text: String) throws(APIError) -> [(String, String)] {
            var out: [(String, String)] = []
            for item in text.split(separator: "&", omittingEmptySubsequences: true) {
                let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "")
                else { throw APIError(-1100, "Illegal characters found in a parameter.", reason: .illegalCharacters) }
                out.append((name, value))
            }
            return out
        }

        /// Percent-decoding with `+` as a space; nil for a broken escape or invalid UTF-8.
        static func decode(_ text: Substring) -> String? {
            var bytes: [UInt8] = []
            var utf8 = Array(text.utf8)[...]
            while let b = utf8.popFirst() {
                switch b {
                case UInt8(ascii: "+"): bytes.append(0x20)
                case UInt8(ascii: "%"):
                    guard utf8.count >= 2, let hi = hexValue(utf8.removeFirst()), let lo = hexValue(utf8.removeFirst())
                    else { return nil }
                    bytes.append(hi << 4 | lo)
                default: bytes.append(b)
                }
            }
            return String(validating: bytes, as: UTF8.self)
        }

        private static func hexValue(_ b: UInt8) -> UInt8? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
            default: nil
            }
        }
    }
}

extension PaperExchange.Params {
    /// Where a signed request's signature is and what it signs.
    enum Signature: Equatable {
        /// `signature` is the last parameter: `payload` is everything else, query then body, as sent.
        case found(payload: String, signature: String)
        /// No `signature` parameter at all.
        case missing
        /// A `signature` parameter that is not the last one.
        case misplaced
    }

    /// Binance signs `totalParams` = the query string concatenated with the body (no separator),
    /// and wants `signature` at the very end of whichever of the two carries it.
    static func signature(query: String, body: String) -> Signature {
        if let (rest, sig) = splitTrailingSignature(body) { return .found(payload: query + rest, signature: sig) }
        if body.isEmpty, let (rest, sig) = splitTrailingSignature(query) { return .found(payload: rest, signature: sig) }
        let named = { (text: String) in
            text.split(separator: "&").contains { $0 == "signature" || $0.hasPrefix("signature=") }
        }
        return named(query) || named(body) ? .misplaced : .missing
    }

    /// `a=1&signature=ab` → (`a=1`, `ab`); `signature=ab` → (``, `ab`).
    private static func splitTrailingSignature(_ text: String) -> (String, String)? {
        let start = text.lastIndex(of: "&").map { text.index(after: $0) } ?? text.startIndex
        let last = text[start...]
        guard last.hasPrefix("signature=") else { return nil }
        let rest = start == text.startIndex ? "" : String(text[..<text.index(before: start)])
        return (rest, String(last.dropFirst("signature=".count)))
    }
}
