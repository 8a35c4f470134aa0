import PaperExchange
import WardenCore
import Testing

/// Exact decimals: parsing Binance's number strings, precision, products and averages.
struct PaperDecimalTests {
    @Test(arguments: [
        ("0.001", PaperDecimal.Parsed.value(PaperDecimal(units: 100_000))),
        ("65000", .value(PaperDecimal(units: 6_500_000_000_000))),
        ("-1.5", .value(PaperDecimal(units: -150_000_000))),
        ("0.00100000000000", .value(PaperDecimal(units: 100_000))),
        ("0.000000001", .tooPrecise),
        ("1e3", .invalid), (".5", .invalid), ("5.", .invalid), ("+5", .invalid), ("", .invalid), ("1 ", .invalid),
        ("12345678901", .invalid),
    ])
    func parses(_ text: String, _ expected: PaperDecimal.Parsed) {
        #expect(PaperDecimal.parse(text) == expected)
    }

    @Test
    func writesFixedAndShortestText() throws {
        let v = try #require(PaperDecimal("0.5"))
        #expect(v.fixed(3) == "0.500")
        #expect(v.description == "0.5")
        #expect(try #require(PaperDecimal("-0.010")).fixed(3) == "-0.010")
        #expect(PaperDecimal(65000).fixed(8) == "65000.00000000")
        #expect(try #require(PaperDecimal("0.001")).decimals == 3)
    }

    @Test
    func multipliesAndAveragesExactly() throws {
        let q = try #require(PaperDecimal("0.003")), p = try #require(PaperDecimal("65000.1"))
        #expect(q.times(p).description == "195.0003")
        let avg = PaperDecimal.weightedAverage(try #require(PaperDecimal("0.01")), at: PaperDecimal(65000),
                                               try #require(PaperDecimal("0.01")), at: PaperDecimal(66000))
        #expect(avg.description == "65500")
        #expect(try #require(PaperDecimal("0.3")).isMultiple(of: try #require(PaperDecimal("0.1"))))
        #expect(!(try #require(PaperDecimal("0.35")).isMultiple(of: try #require(PaperDecimal("0.1")))))
    }
}
