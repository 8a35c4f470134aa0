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
        guard let ms = StreamID.milliseconds(entry.id) else { return nil }
        var symbol: String?
        var price: Double?
        for field in entry.fields where field.value.count <= 64 {
            switch String(decoding: field.name, as: UTF8.self).lowercased() {
            case "symbol": symbol = String(validating: field.value, as: UTF8.self)?.uppercased()
            case "price", "mark_price", "last_price", "close":
                if price == nil { price = ExecutionResultDecoder.positive(String(decoding: field.value, as: UTF8.self)) }
            default: continue
            }
        }
        guard let symbol, ExecutionResultDecoder.isValidSymbol(symbol), let price else { return nil }
        return PriceUpdate(symbol: symbol, price: price, time: WallTime(milliseconds: ms))
    }
}

/// Redis stream ids: `<ms>-<seq>`.
public enum StreamID {
    public static func milliseconds(_ id: String) -> Int64? {
        let ms = id.split(separator: "-", maxSplits: 1).first.flatMap { Int64($0) }
        return ms.flatMap { $0 >= 0 ? $0 : nil }
    }
}
