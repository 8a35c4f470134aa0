import PaperExchange
import Testing
import WardenCore

/// The read-only routes, in the shapes Warden's parser reads.
struct MarketDataTests {
    let now = WallTime(milliseconds: t0)

    @Test
    func positionRiskListsEverySymbolFlatOnesIncluded() {
        var state = exchange(holding: "0.010")
        let reply = state.send("GET", "/fapi/v2/positionRisk")
        guard case .array(let items) = reply.json else { Issue.record("\(reply.body)"); return }
        #expect(items.compactMap { $0["symbol"]?.stringValue } == ["BTCUSDT", "ETHUSDT", "SOLUSDT"])
        #expect(items.compactMap { $0["positionAmt"]?.stringValue } == ["0.010", "0.000", "0"])
        #expect(items.allSatisfy { $0["positionSide"]?.stringValue == "BOTH" && $0["leverage"]?.stringValue == "20" })
        // What Warden makes of it: one open position.
        let parsed = try? BinanceParsing.positions(Array(reply.body.utf8)).get()
        #expect(parsed == [ExchangePosition(symbol: "BTCUSDT", side: .long, quantity: 0.01, entryPrice: 60000, leverage: 20)])
    }

    @Test
    func premiumIndexWithAndWithoutSymbol() {
        var state = PaperExchange.State()
        let one = state.handle(.init(method: "GET", path: "/fapi/v1/premiumIndex", query: "symbol=ETHUSDT"), now: now)
        #expect(one.json["symbol"]?.stringValue == "ETHUSDT")
        #expect(one.json["markPrice"]?.double == 3500)
        #expect(one.json["time"]?.double == Double(t0))
        let all = state.handle(.init(method: "GET", path: "/fapi/v1/premiumIndex"), now: now)
        let prices = try? BinanceParsing.markPrices(Array(all.body.utf8)).get()
        #expect(prices?.map(\.symbol) == ["BTCUSDT", "ETHUSDT", "SOLUSDT"])
        let unknown = state.handle(.init(method: "GET", path: "/fapi/v1/premiumIndex", query: "symbol=NOPEUSDT"), now: now)
        #expect(unknown.code == -1121)
    }

    @Test
    func pinnedMarkTimeMakesAStaleFeed() {
        var state = PaperExchange.State()
        _ = state.admin("POST", "/admin/mark-prices", #"{"symbol":"BTCUSDT","price":"64000","time":\#(t0 - 600_000)}"#)
        let one = state.handle(.init(method: "GET", path: "/fapi/v1/premiumIndex", query: "symbol=BTCUSDT"), now: now)
        #expect(one.json["time"]?.double == Double(t0 - 600_000))
        #expect(one.json["markPrice"]?.double == 64000)
    }

    @Test
    func exchangeInfoHasTheLotAndNotionalFilters() throws {
        var state = PaperExchange.State()
        let info = state.handle(.init(method: "GET", path: "/fapi/v1/exchangeInfo"), now: now).json
        guard case .array(let symbols)? = info["symbols"], let btc = symbols.first(where: { $0["symbol"]?.stringValue == "BTCUSDT" }),
              case .array(let filters)? = btc["filters"]
        else { Issue.record("no BTCUSDT filters"); return }
        func filter(_ type: String) -> JSONValue? { filters.first { $0["filterType"]?.stringValue == type } }
        #expect(filter("LOT_SIZE")?["stepSize"]?.stringValue == "0.001")
        #expect(filter("MARKET_LOT_SIZE")?["maxQty"]?.stringValue == "120")
        #expect(filter("MARKET_LOT_SIZE")?["minQty"]?.stringValue == "0.001")
        #expect(filter("PRICE_FILTER")?["tickSize"]?.stringValue == "0.1")
        #expect(filter("MIN_NOTIONAL")?["notional"]?.stringValue == "100")
        #expect(btc["quantityPrecision"]?.double == 3)
        #expect(info["serverTime"]?.double == Double(t0))
    }

    @Test
    func unknownRouteIs404() {
        var state = PaperExchange.State()
        #expect(state.handle(.init(method: "GET", path: "/fapi/v9/nothing"), now: now).status == 404)
        #expect(state.handle(.init(method: "PUT", path: "/fapi/v1/order"), now: now).status == 404)
    }
}
