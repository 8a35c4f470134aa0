/// One stream entry as Redis returned it: an id and its field/value pairs, bytes untouched.
public struct StreamEntry: Sendable, Hashable {
    public var id: String
    public var fields: [Field]

    /// One field/value pair; either side may be any bytes, valid UTF-8 or not.
    public struct Field: Sendable, Hashable {
        public var name: [UInt8]
        public var value: [UInt8]

        public init(name: [UInt8], value: [UInt8]) {
            self.name = name
            self.value = value
        }

        public init(_ name: String, _ value: String) {
            self.init(name: Array(name.utf8), value: Array(value.utf8))
        }
    }

    public init(id: String, fields: [Field]) {
        self.id = id
        self.fields = fields
    }

    /// Convenience for tests and encoders: string pairs in order.
    public init(id: String, _ pairs: [(String, String)]) {
        self.init(id: id, fields: pairs.map { Field($0.0, $0.1) })
    }

    /// A bounded, printable rendering for a dead letter's `raw` field.
    public func rawText(limit: Int = 2048) -> String {
        var out = ""
        for field in fields {
            out += String(decoding: field.name.prefix(256), as: UTF8.self) + "=" + String(decoding: field.value.prefix(limit), as: UTF8.self) + " "
            if out.utf8.count >= limit { break }
        }
        let bytes = Array(out.utf8.prefix(limit))
        return String(decoding: bytes, as: UTF8.self).trimmingSuffixSpaces()
    }
}

extension String {
    func trimmingSuffixSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
