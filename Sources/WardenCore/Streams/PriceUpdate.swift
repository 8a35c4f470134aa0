/// A price from the `price.update` stream. Its time is the entry id's milliseconds: when Redis
/// accepted it, which no producer clock can get wrong.
public struct PriceUpdate: Sendable, Hashable {
    public var symbol: String
    public var price: Double
    public var time: WallTime

    public init(symbol: String, price: Double, time: WallTime) {
        self.symbol = symbol
        self.price = price
        self.time = time
    }

    /// Decodes `symbol` and `price` (or `mark_price`, `last_price`, `close`); nil for anything unusable.
    public static func decode(_ entry: StreamEntry) -> PriceUpdate? {
        decode(StreamBatch([entry]), 0)
    }

    /// Entry `index` of `batch`, read where its bytes lie.
    public static func decode(_ batch: StreamBatch, _ index: Int) -> PriceUpdate? {
        let entry = batch.entries[index]
        guard let ms = StreamID.milliseconds(batch.slice(entry.id)) else { return nil }
        var symbol: String?
        var price: Double?
        // Field names are matched on their bytes, ASCII case-insensitively: this runs for every
        // tick, thousands a second, so no String is made for a name.
        var i = entry.fields.lowerBound
        while i + 1 < entry.fields.upperBound {
            let name = batch.slice(batch.fieldSpans[i]), value = batch.slice(batch.fieldSpans[i + 1])
            i += 2
            guard value.count <= 64 else { continue }
            if Self.named(name, "symbol") {
                // ASCII only: anything else is no symbol.
                symbol = String(decoding: value, as: UTF8.self).asciiCaseMapped(upper: true)
            } else if price == nil, Self.named(name, "price") || Self.named(name, "mark_price")
                        || Self.named(name, "last_price") || Self.named(name, "close") {
                price = ExecutionResultDecoder.positive(String(decoding: value, as: UTF8.self))
            }
        }
        guard let symbol, ExecutionResultDecoder.isValidSymbol(symbol), let price else { return nil }
        return PriceUpdate(symbol: symbol, price: price, time: WallTime(milliseconds: ms))
    }

    /// Whether `name` is `word` (lower-case ASCII) in any letter case.
    static func named(_ name: ArraySlice<UInt8>, _ word: StaticString) -> Bool {
        guard name.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        var k = 0
        for byte in name {
            if byte | (byte &- 0x41 < 26 ? 0x20 : 0) != w[k] { return false }
            k += 1
        }
        return true
    }
}

/// Redis stream ids: `<ms>-<seq>`.
public enum StreamID {
    /// The milliseconds part: digits up to the first `-` (or the end); nil for anything else.
    public static func milliseconds(_ id: String) -> Int64? {
        milliseconds(id.utf8)
    }

    /// The same for the id's bytes.
    public static func milliseconds(_ id: some Sequence<UInt8>) -> Int64? {
        var ms: Int64 = 0
        var digits = 0
        for byte in id {
            if byte == 0x2D { break }
            guard byte &- 0x30 < 10, digits < 18 else { return nil }
            ms = ms * 10 + Int64(byte &- 0x30)
            digits += 1
        }
        return digits > 0 ? ms : nil
    }
}
