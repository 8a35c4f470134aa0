public import WardenCore

/// The order endpoints the failsafe needs. Only MARKET orders built by ``EmergencyPlanner`` go to
/// `/fapi/v1/order`: stop-type orders moved to `/fapi/v1/algoOrder` and are never sent here.
/// Outcomes are mapped to the desk's answers, so an unknown outcome is never mistaken for a failure.
extension BinanceClient {
    /// `GET /fapi/v1/exchangeInfo` → each symbol's MARKET_LOT_SIZE (else LOT_SIZE) filter.
    /// Callers cache it (the failsafe keeps one copy and refreshes it when a symbol is missing).
    public func lotFilters() async throws(Binance.Error) -> [String: LotFilter] {
        let body = try await call(.get, "/fapi/v1/exchangeInfo", BinanceQuery(), signed: false)
        guard case .array(let symbols)? = JSONValue.parse(body)?["symbols"] else {
            throw Binance.Error(.parse, "exchangeInfo has no symbols array")
        }
        var out: [String: LotFilter] = [:]
        for item in symbols {
            guard let symbol = item["symbol"]?.stringValue, case .array(let filters)? = item["filters"] else { continue }
            func filter(_ type: String) -> LotFilter? {
                guard let f = filters.first(where: { $0["filterType"]?.stringValue == type }),
                      let step = f["stepSize"]?.scalarText, let minQ = f["minQty"]?.scalarText,
                      let maxQ = f["maxQty"]?.scalarText, (Double(step) ?? 0) > 0 else { return nil }
                return LotFilter(stepSize: step, minQty: minQ, maxQty: maxQ)
            }
            if let f = filter("MARKET_LOT_SIZE") ?? filter("LOT_SIZE") { out[symbol] = f }
        }
        return out
    }

    /// A fresh read of one position (`GET /fapi/v2/positionRisk?symbol=`); nil when flat.
    /// `key.hedgeSide` picks the LONG/SHORT leg in hedge mode.
    public func position(_ key: PositionKey) async throws(Binance.Error) -> ExchangePosition? {
        let body = try await call(.get, "/fapi/v2/positionRisk", BinanceQuery([("symbol", key.symbol)]), signed: true)
        switch BinanceParsing.positions(body) {
        case .success(let all): return all.first { $0.symbol == key.symbol && $0.hedgeSide == key.hedgeSide }
        case .failure(let f): throw Binance.Error(.parse, f.description)
        }
    }

    /// Open positions of one symbol (both legs in hedge mode).
    public func positions(symbol: String) async throws(Binance.Error) -> [ExchangePosition] {
        let body = try await call(.get, "/fapi/v2/positionRisk", BinanceQuery([("symbol", symbol)]), signed: true)
        switch BinanceParsing.positions(body) {
        case .success(let all): return all.filter { $0.symbol == symbol }
        case .failure(let f): throw Binance.Error(.parse, f.description)
        }
    }

    /// `POST /fapi/v1/order` with the emergency order's parameters, answered as the desk needs:
    ///
    /// | answer                                                    | maps to      |
    /// |-----------------------------------------------------------|--------------|
    /// | 200, status FILLED (or a final EXPIRED/CANCELED)          | `.filled`    |
    /// | 200, NEW/PARTIALLY_FILLED, or an unreadable 200           | `.unknown`   |
    /// | transport error / timeout, -1007, HTTP 408, any other 5xx | `.unknown`   |
    /// | 503 "Service Unavailable.", -1008, our own 429/418 back-off | `.notExecuted` (sure failures) |
    /// | any other Binance code, 4xx, 429/418, no credentials      | `.rejected`  |
    public func newOrder(_ order: EmergencyOrder) async -> EmergencyDesk.OrderAnswer {
        do {
            let body = try await call(.post, "/fapi/v1/order", BinanceQuery(order.parameters), signed: true)
            guard let v = JSONValue.parse(body), let status = v["status"]?.stringValue else { return .unknown }
            let id = v["orderId"]?.scalarText ?? order.clientOrderID
            switch status {
            case "FILLED", "EXPIRED", "CANCELED": return .filled(orderID: id)
            case "REJECTED": return .rejected(code: 0, message: "order status REJECTED")
            default: return .unknown
            }
        } catch {
            return Self.orderAnswer(error)
        }
    }

    /// How a failed `POST /fapi/v1/order` is answered (see ``newOrder(_:)``).
    static func orderAnswer(_ error: Binance.Error) -> EmergencyDesk.OrderAnswer {
        switch error.reason {
        case .transport, .parse:
            return .unknown
        case .api, .httpStatus:
            if error.code == -1007 || error.status == 408 { return .unknown }
            // 503 "Service Unavailable." and -1008 (throttled) are sure failures: nothing executed.
            if error.code == -1008 || (error.status == 503 && error.detail.contains("Service Unavailable")) {
                return .notExecuted(reason: error.detail)
            }
            // Every other 5xx may have executed.
            if let status = error.status, status >= 500 { return .unknown }
            return .rejected(code: error.code ?? -(error.status ?? 0), message: error.detail)
        case .rateLimited:
            // Held back by the client's own 429/418 back-off: never sent.
            return .notExecuted(reason: error.description)
        case .noCredentials:
            return .rejected(code: error.code ?? -(error.status ?? 0), message: error.description)
        }
    }

    /// `GET /fapi/v1/order?symbol=&origClientOrderId=`: -2013 → `.notFound`; FILLED (or a final
    /// EXPIRED/CANCELED/REJECTED, then the position re-read decides) → `.filled`; NEW/PARTIALLY_FILLED
    /// → `.live`; anything else (transport, 5xx, back-off) → `.failed`.
    public func queryOrder(symbol: String, origClientOrderId: String) async -> EmergencyDesk.QueryAnswer {
        do {
            let body = try await call(.get, "/fapi/v1/order",
                                      BinanceQuery([("symbol", symbol), ("origClientOrderId", origClientOrderId)]), signed: true)
            guard let v = JSONValue.parse(body), let status = v["status"]?.stringValue else { return .failed }
            switch status {
            case "NEW", "PARTIALLY_FILLED": return .live
            default: return .filled(orderID: v["orderId"]?.scalarText ?? origClientOrderId)
            }
        } catch {
            return error.code == -2013 ? .notFound : .failed
        }
    }
}
