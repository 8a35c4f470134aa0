internal import WardenCore

extension PaperExchange.State {
    /// `GET /fapi/v1/exchangeInfo`.
    func exchangeInfo(serverTime: Int64) -> JSONValue {
        .object([
            "timezone": .s("UTC"), "serverTime": .n(serverTime), "futuresType": .s("U_MARGINED"),
            "rateLimits": .array([
                .object(["rateLimitType": .s("REQUEST_WEIGHT"), "interval": .s("MINUTE"), "intervalNum": .n(1), "limit": .n(weightLimit)]),
                .object(["rateLimitType": .s("ORDERS"), "interval": .s("MINUTE"), "intervalNum": .n(1),
                         "limit": .n(PaperExchange.RateCounter.ordersPerMinute)]),
                .object(["rateLimitType": .s("ORDERS"), "interval": .s("SECOND"), "intervalNum": .n(10),
                         "limit": .n(PaperExchange.RateCounter.ordersPer10s)]),
            ]),
            "exchangeFilters": .array([]),
            "assets": .array([.object(["asset": .s("USDT"), "marginAvailable": .bool(true), "autoAssetExchange": .s("-10000")])]),
            "symbols": .array(symbols.keys.sorted().compactMap { symbols[$0]?.exchangeInfoJSON }),
        ])
    }

    /// `GET /fapi/v1/premiumIndex`: one object with `symbol`, an array of all without.
    func premiumIndex(_ p: PaperExchange.Params, serverTime: Int64) throws(PaperExchange.APIError) -> JSONValue {
        if let symbol = p["symbol"] {
            guard symbols[symbol] != nil else { throw .badSymbol }
            return premiumIndexItem(symbol, serverTime: serverTime)
        }
        return .array(symbols.keys.sorted().map { premiumIndexItem($0, serverTime: serverTime) })
    }

    private func premiumIndexItem(_ symbol: String, serverTime: Int64) -> JSONValue {
        let mark = markPrices[symbol] ?? .zero
        let eightHours: Int64 = 8 * 3_600_000
        return .object([
            "symbol": .s(symbol), "markPrice": .s(mark.fixed(8)), "indexPrice": .s(mark.fixed(8)),
            "estimatedSettlePrice": .s(mark.fixed(8)), "lastFundingRate": .s("0.00010000"),
            "interestRate": .s("0.00010000"), "nextFundingTime": .n((serverTime / eightHours + 1) * eightHours),
            "time": .n(markTimes[symbol] ?? serverTime),
        ])
    }

    /// `GET /fapi/v2/positionRisk`: every symbol (or the one asked for), flat ones included, like v2.
    /// One `BOTH` item per symbol in one-way mode; `LONG` and `SHORT` items in hedge mode.
    func positionRisk(_ p: PaperExchange.Params) throws(PaperExchange.APIError) -> JSONValue {
        var names = symbols.keys.sorted()
        if let symbol = p["symbol"] {
            guard symbols[symbol] != nil else { throw .badSymbol }
            names = [symbol]
        }
        return .array(names.flatMap { symbol in
            positionSides.map { positionRiskItem(PaperExchange.PositionKey(symbol: symbol, side: $0)) }
        })
    }

    private func positionRiskItem(_ key: PaperExchange.PositionKey) -> JSONValue {
        let position = position(key)
        let rules = symbols[key.symbol]
        let qp = rules?.quantityPrecision ?? 3
        let mark = markPrices[key.symbol] ?? .zero
        let lev = leverage[key.symbol] ?? 20
        return .object([
            "symbol": .s(key.symbol), "positionSide": .s(key.side.rawValue),
            "positionAmt": .s(position.amount.fixed(qp)), "entryPrice": .s(position.entryPrice.fixed(8)),
            "breakEvenPrice": .s(position.entryPrice.fixed(8)), "markPrice": .s(mark.fixed(8)),
            "unRealizedProfit": .s(position.unrealizedProfit(mark: mark).fixed(8)),
            "liquidationPrice": .s("0"), "leverage": .s(String(lev)), "maxNotionalValue": .s("10000000"),
            "marginType": .s("cross"), "isolatedMargin": .s("0.00000000"), "isAutoAddMargin": .s("false"),
            "notional": .s(position.amount.times(mark).fixed(8)), "isolatedWallet": .s("0"),
            "updateTime": .n(position.updateTime),
        ])
    }

    /// `POST /fapi/v1/positionSide/dual`: refused (-4059/-4067/-4068) as Binance refuses it.
    mutating func changePositionMode(_ p: PaperExchange.Params) throws(PaperExchange.APIError) -> JSONValue {
        guard let text = p["dualSidePosition"]?.lowercased() else { throw .mandatory("dualSidePosition") }
        guard text == "true" || text == "false" else { throw .invalid("dualSidePosition") }
        let dual = text == "true"
        guard dual != dualSidePosition else { throw PaperExchange.APIError(-4059, "No need to change position side.", reason: .positionSide) }
        guard openOrders.isEmpty else {
            throw PaperExchange.APIError(-4067, "Position side cannot be changed if there exists open orders.", reason: .positionSide)
        }
        guard positions.values.allSatisfy({ $0.amount.isZero }) else {
            throw PaperExchange.APIError(-4068, "Position side cannot be changed if there exists position.", reason: .positionSide)
        }
        dualSidePosition = dual
        return .object(["code": .n(200), "msg": .s("success")])
    }
}
