/// Stream entries read together, sharing one byte buffer: each id, field name and value is a span
/// of `bytes`. A batch of 500 execution results is then a few arrays, not 11,000 small ones (one
/// per name and value); ``entry(_:)`` makes a ``StreamEntry`` when one is needed (a dead letter).
public struct StreamBatch: Sendable {
    /// Where one id, name or value lies in ``bytes``.
    public struct Span: Sendable, Hashable {
        public var start: Int
        public var count: Int

        public init(start: Int, count: Int) {
            self.start = start
            self.count = count
        }
    }

    public private(set) var bytes: [UInt8]
    /// Every entry's field names and values, in order, entry after entry: name, value, name, …
    public private(set) var fieldSpans: [Span] = []
    /// Per entry: its id and the range of `fieldSpans` holding its names and values.
    public private(set) var entries: [(id: Span, fields: Range<Int>)] = []

    /// An empty batch over `bytes`; ``append(id:fields:)`` adds entries whose spans lie in it.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The entries copied into one buffer (tests, and callers holding entries already).
    public init(_ list: [StreamEntry]) {
        var bytes: [UInt8] = []
        var spans: [Span] = []
        var entries: [(id: Span, fields: Range<Int>)] = []
        func add(_ part: some Collection<UInt8>) -> Span {
            defer { bytes.append(contentsOf: part) }
            return Span(start: bytes.count, count: part.count)
        }
        for entry in list {
            let id = add(entry.id.utf8)
            let first = spans.count
            for field in entry.fields {
                spans.append(add(field.name))
                spans.append(add(field.value))
            }
            entries.append((id, first..<spans.count))
        }
        self.init(bytes: bytes)
        (self.fieldSpans, self.entries) = (spans, entries)
    }

    /// Adds an entry: `fields` alternates name and value spans (an odd last name is dropped).
    public mutating func append(id: Span, fields: some Collection<Span>) {
        let spans = Array(fields)
        append(id: id, fieldCount: spans.count) { spans[$0] }
    }

    /// Adds an entry of `fieldCount` spans (names and values alternating), each from `field(i)`.
    public mutating func append(id: Span, fieldCount: Int, _ field: (Int) -> Span) {
        let first = fieldSpans.count
        for i in 0..<fieldCount { fieldSpans.append(field(i)) }
        if fieldCount % 2 == 1 { fieldSpans.removeLast() }
        entries.append((id, first..<fieldSpans.count))
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    /// The bytes of `span`.
    public func slice(_ span: Span) -> ArraySlice<UInt8> { bytes[span.start..<span.start + span.count] }

    /// The id of entry `index`.
    public func id(_ index: Int) -> String { String(decoding: slice(entries[index].id), as: UTF8.self) }

    /// Number of field/value pairs of entry `index`.
    public func fieldCount(_ index: Int) -> Int { entries[index].fields.count / 2 }

    /// Entry `index` on its own.
    public func entry(_ index: Int) -> StreamEntry {
        let e = entries[index]
        return StreamEntry(id: id(index), fields: stride(from: e.fields.lowerBound, to: e.fields.upperBound, by: 2).map {
            StreamEntry.Field(name: Array(slice(fieldSpans[$0])), value: Array(slice(fieldSpans[$0 + 1])))
        })
    }

    /// Every entry on its own.
    public var list: [StreamEntry] { entries.indices.map(entry) }
}
