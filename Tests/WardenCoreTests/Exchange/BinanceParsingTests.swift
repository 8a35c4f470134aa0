import Testing
import WardenCore

struct BinanceParsingTests {
    @Test
    func positionRiskSkipsFlatAndSignsSides() throws {
        let body = #"""
        [{"symbol":"BTCUSDT","positionAmt":"0.010","entryPrice":"65000.0","leverage":"10","positionSide":"BOTH","markPrice":"65100"},
         {"symbol":"ETHUSDT","positionAmt":"-2.000","entryPrice":"3000","leverage":"5","positionSide":"BOTH"},
         {"symbol":"SOLUSDT","positionAmt":"0.000","entryPrice":"0.0","leverage":"20","positionSide":"BOTH"}]
        """#
        let positions = try BinanceParsing.positions(Array(body.utf8)).get()
        #expect(positions == [
            ExchangePosition(symbol: "BTCUSDT", side: .long, quantity: 0.01, entryPrice: 65000, leverage: 10),
            ExchangePosition(symbol: "ETHUSDT", side: .short, quantity: 2, entryPrice: 3000, leverage: 5),
        ])
    }

    @Test
    func hedgeModePositionSideIsKept() throws {
        let body = #"[{"symbol":"BTCUSDT","positionAmt":"-1","entryPrice":"100","leverage":"3","positionSide":"SHORT"}]"#
        #expect(try BinanceParsing.positions(Array(body.utf8)).get().first?.hedgeSide == .short)
    }

    @Test(arguments: ["{}", "[{\"symbol\":\"BTCUSDT\"}]", "not json", "[{\"symbol\":\"BTCUSDT\",\"positionAmt\":\"1\",\"entryPrice\":\"0\"}]"])
    func malformedPositionRiskIsAnError(body: String) {
        #expect((try? BinanceParsing.positions(Array(body.utf8)).get()) == nil)
    }

    @Test
    func premiumIndexArrayAndObject() throws {
        let arr = #"[{"symbol":"BTCUSDT","markPrice":"65000.1","time":1800000000000},{"symbol":"BAD","markPrice":"x","time":1}]"#
        #expect(try BinanceParsing.markPrices(Array(arr.utf8)).get()
            == [PriceUpdate(symbol: "BTCUSDT", price: 65000.1, time: WallTime(milliseconds: 1_800_000_000_000))])
        let obj = #"{"symbol":"ETHUSDT","markPrice":"3000","time":5}"#
        #expect(try BinanceParsing.markPrices(Array(obj.utf8)).get().count == 1)
    }

    @Test
    func errorBodyTimeAndMode() {
        #expect(BinanceParsing.apiError(Array(#"{"code":-2022,"msg":"ReduceOnly Order is rejected."}"#.utf8))
            == .init(code: -2022, message: "ReduceOnly Order is rejected."))
        #expect(BinanceParsing.serverTime(Array(#"{"serverTime":1800000000123}"#.utf8)) == WallTime(milliseconds: 1_800_000_000_123))
        #expect(BinanceParsing.dualSidePosition(Array(#"{"dualSidePosition":true}"#.utf8)) == true)
        #expect(BinanceParsing.apiError(Array("<html>".utf8)) == nil)
    }

    @Test
    func priceUpdateTakesTheEntryIDTime() {
        let u = PriceUpdate.decode(StreamEntry(id: "1800000000000-3", [("symbol", "btcusdt"), ("price", "65000")]))
        #expect(u == PriceUpdate(symbol: "BTCUSDT", price: 65000, time: WallTime(milliseconds: 1_800_000_000_000)))
        #expect(PriceUpdate.decode(StreamEntry(id: "1-0", [("symbol", "BTCUSDT"), ("price", "-1")])) == nil)
        #expect(PriceUpdate.decode(StreamEntry(id: "x", [("symbol", "BTCUSDT"), ("price", "1")])) == nil)
    }

    @Test
    func positionRecordRoundTrips() throws {
        let p = Position(key: PositionKey(symbol: "BTCUSDT"), side: .short, quantity: 0.5, entryPrice: 100.25, leverage: 7,
                         takeProfit: 97.5, stopLoss: 101.75, waterMark: 99.125, openingOrderID: "o\"1",
                         openedAt: WallTime(milliseconds: 1_800_000_000_000),
                         exit: PendingExit(reason: .trailingStop, intentID: "wd-1", triggerPrice: 100.1,
                                           firstSentAt: WallTime(milliseconds: 5), lastSentAt: WallTime(milliseconds: 6),
                                           attempts: 2, escalated: true))
        #expect(PositionRecord.decode(PositionRecord.encode(p)) == p)
        #expect(PositionRecord.decode("{\"symbol\":\"BTCUSDT\"}") == nil)
        #expect(PositionRecord.decode("garbage") == nil)
    }
}
