import Testing
@testable import WardenCore

/// The tick decoder runs thousands of times a second, on bytes: these pin what it accepts.
@Suite
struct PriceUpdateTests {
    static let at = WallTime(milliseconds: 1_800_000_000_000)

    @Test(arguments: [
        // field names in any letter case; the first usable price field wins
        ([("SYMBOL", "ethusdt"), ("Mark_Price", "3000.5")], PriceUpdate(symbol: "ETHUSDT", price: 3000.5, time: at)),
        ([("symbol", "BTCUSDT"), ("last_price", "2"), ("price", "3")], PriceUpdate(symbol: "BTCUSDT", price: 2, time: at)),
        ([("Close", "7"), ("Symbol", "Sol1000usdt")], PriceUpdate(symbol: "SOL1000USDT", price: 7, time: at)),
        ([("symbol", "BTCUSDT"), ("priced", "3"), ("pric", "4")], nil),      // near misses are other fields
        ([("symbol", "BTCÜSDT"), ("price", "3")], nil),                      // not ASCII: not a symbol
        ([("symbol", "BTC-USDT"), ("price", "3")], nil),
        ([("symbol", "BTCUSDT"), ("price", "nan")], nil),
        ([("symbol", "BTCUSDT"), ("price", "0")], nil),
        ([("price", "3")], nil),
        ([("symbol", "BTCUSDT"), ("price", String(repeating: "1", count: 65))], nil),  // oversized value ignored
    ] as [([(String, String)], PriceUpdate?)])
    func decodesFields(_ fields: [(String, String)], _ expected: PriceUpdate?) {
        #expect(PriceUpdate.decode(StreamEntry(id: "1800000000000-0", fields)) == expected)
    }

    @Test
    func invalidUTF8InAFieldNameIsAnotherField() {
        let entry = StreamEntry(id: "5-1", fields: [.init(name: [0xFF, 0x73], value: Array("x".utf8)),
                                                    .init("symbol", "BTCUSDT"), .init("price", "1.5")])
        #expect(PriceUpdate.decode(entry) == PriceUpdate(symbol: "BTCUSDT", price: 1.5, time: WallTime(milliseconds: 5)))
    }

    @Test(arguments: [
        ("1800000000000-3", 1_800_000_000_000), ("0-0", 0), ("12", 12), ("7-", 7),
        ("", nil), ("-1", nil), ("x-1", nil), ("1a-0", nil), (" 1-0", nil), ("+5-0", nil),
        ("1234567890123456789-0", nil),  // 19 digits: beyond any real millisecond clock, refused
    ] as [(String, Int64?)])
    func streamIDMilliseconds(_ id: String, _ expected: Int64?) {
        #expect(StreamID.milliseconds(id) == expected)
    }
}
