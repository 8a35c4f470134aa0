public import WardenCore

/// Signs Binance USDⓈ-M requests: HMAC-SHA256 of the full query string, appended last as `signature`.
public struct RequestSigner: Sendable {
    private let secret: Secret

    public init(secret: Secret) {
        self.secret = secret
    }

    /// `query` with `&signature=<hex>` appended (`signature=<hex>` when the query is empty).
    public func signed(_ query: String) -> String {
        let signature = HMACSHA256.hex(key: Array(secret.value.utf8), message: Array(query.utf8))
        return query.isEmpty ? "signature=\(signature)" : "\(query)&signature=\(signature)"
    }
}

/// An ordered `application/x-www-form-urlencoded` query, as Binance signs it.
public struct BinanceQuery: Sendable, Hashable {
    public private(set) var items: [(name: String, value: String)] = []

    public init(_ items: [(String, String)] = []) {
        for (name, value) in items { append(name, value) }
    }

    public mutating func append(_ name: String, _ value: String) {
        items.append((name, value))
    }

    /// `a=1&b=2`, names and values percent-encoded outside the unreserved set.
    public var encoded: String {
        items.map { "\(Self.escape($0.name))=\(Self.escape($0.value))" }.joined(separator: "&")
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }

    public static func == (a: BinanceQuery, b: BinanceQuery) -> Bool { a.encoded == b.encoded }
    public func hash(into h: inout Hasher) { h.combine(encoded) }
}
