internal import WardenCore

extension PaperExchange.SymbolRules {
    /// The `symbols[]` item of `GET /fapi/v1/exchangeInfo`, numbers as strings like Binance.
    var exchangeInfoJSON: JSONValue {
        let filters: [JSONValue] = [
            .object(["filterType": .s("PRICE_FILTER"), "minPrice": .s(minPrice), "maxPrice": .s(maxPrice), "tickSize": .s(tickSize)]),
            .object(["filterType": .s("LOT_SIZE"), "stepSize": .s(stepSize), "minQty": .s(minQty), "maxQty": .s(maxQty)]),
            .object(["filterType": .s("MARKET_LOT_SIZE"), "stepSize": .s(marketStepSize), "minQty": .s(marketMinQty),
                     "maxQty": .s(marketMaxQty)]),
            .object(["filterType": .s("MAX_NUM_ORDERS"), "limit": .n(200)]),
            .object(["filterType": .s("MAX_NUM_ALGO_ORDERS"), "limit": .n(10)]),
            .object(["filterType": .s("MIN_NOTIONAL"), "notional": .s(minNotional)]),
            .object(["filterType": .s("PERCENT_PRICE"), "multiplierUp": .s("1.0500"), "multiplierDown": .s("0.9500"),
                     "multiplierDecimal": .s("4")]),
        ]
        return .object([
            "symbol": .s(symbol), "pair": .s(symbol), "contractType": .s("PERPETUAL"), "status": .s("TRADING"),
            "deliveryDate": .n(Int64(4_133_404_800_000)), "onboardDate": .n(Int64(1_569_398_400_000)),
            "baseAsset": .s(baseAsset), "quoteAsset": .s("USDT"), "marginAsset": .s("USDT"),
            "pricePrecision": .n(pricePrecision), "quantityPrecision": .n(quantityPrecision),
            "baseAssetPrecision": .n(8), "quotePrecision": .n(8), "underlyingType": .s("COIN"), "underlyingSubType": .array([]),
            "triggerProtect": .s("0.0500"), "liquidationFee": .s("0.012500"), "marketTakeBound": .s("0.05"),
            "maxMoveOrderLimit": .n(10_000), "filters": .array(filters),
            "orderTypes": .strings(["LIMIT", "MARKET", "STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET",
                                    "TRAILING_STOP_MARKET"]),
            "timeInForce": .strings(["GTC", "IOC", "FOK", "GTX", "GTD"]),
        ])
    }
}
