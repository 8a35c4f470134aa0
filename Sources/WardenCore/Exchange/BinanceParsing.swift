/// Parses Binance USDⓈ-M answers into core values. Every answer is untrusted: a malformed one is
/// an error with a reason, never a crash or a half-read state.
public enum BinanceParsing {
    /// Why an answer could not be used.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public let description: String
        init(_ d: String) { description = d }
    }

    /// A Binance error body: `{"code":-2022,"msg":"ReduceOnly Order is rejected."}`.
    public struct APIError: Sendable, Hashable {
        public var code: Int
        public var message: String

        public init(code: Int, message: String) {
            self.code = code
            self.message = message
        }
    }

    public static func apiError(_ body: [UInt8]) -> APIError? {
        guard let v = JSONValue.parse(body), let code = v["code"]?.double, code == code.rounded() else { return nil }
        return APIError(code: Int(code), message: String((v["msg"]?.stringValue ?? "").prefix(300)))
    }

    /// `GET /fapi/v2/positionRisk`: the open positions (zero amounts skipped).
    public static func positions(_ body: [UInt8]) -> Result<[ExchangePosition], Failure> {
        guard case .array(let items)? = JSONValue.parse(body, maxDepth: 4) else {
            return .failure(Failure("positionRisk answer is not a JSON array"))
        }
        var out: [ExchangePosition] = []
        for item in items {
            guard let symbol = item["symbol"]?.stringValue, ExecutionResultDecoder.isValidSymbol(symbol),
                  let amount = item["positionAmt"]?.double, let entry = item["entryPrice"]?.double
            else { return .failure(Failure("positionRisk item lacks symbol, positionAmt or entryPrice")) }
            guard amount != 0 else { continue }
            guard entry > 0 else { return .failure(Failure("positionRisk \(symbol) has an open amount with entryPrice \(entry)")) }
            let hedgeSide: PositionSide? = switch item["positionSide"]?.stringValue {
            case "LONG": .long
            case "SHORT": .short
            default: nil
            }
            out.append(ExchangePosition(symbol: symbol, side: amount > 0 ? .long : .short, quantity: abs(amount),
                                        entryPrice: entry, leverage: item["leverage"]?.double ?? 1, hedgeSide: hedgeSide))
        }
        return .success(out)
    }

    /// `GET /fapi/v1/premiumIndex` without a symbol (array) or with one (object), as prices stamped
    /// with the exchange's time of them. Unusable items are skipped.
    public static func markPrices(_ body: [UInt8]) -> Result<[PriceUpdate], Failure> {
        guard let v = JSONValue.parse(body, maxDepth: 4) else { return .failure(Failure("premiumIndex answer is not JSON")) }
        let items: [JSONValue]
        switch v {
        case .array(let a): items = a
        case .object: items = [v]
        default: return .failure(Failure("premiumIndex answer is not an array or object"))
        }
        return .success(items.compactMap { item in
            guard let symbol = item["symbol"]?.stringValue, let price = item["markPrice"]?.double, price > 0,
                  let time = item["time"]?.double else { return nil }
            return PriceUpdate(symbol: symbol, price: price, time: WallTime(milliseconds: Int64(time)))
        })
    }

    /// `GET /fapi/v1/time` → server time.
    public static func serverTime(_ body: [UInt8]) -> WallTime? {
        guard let ms = JSONValue.parse(body)?["serverTime"]?.double, ms > 0 else { return nil }
        return WallTime(milliseconds: Int64(ms))
    }

    /// `GET /fapi/v1/positionSide/dual` → true in hedge mode.
    public static func dualSidePosition(_ body: [UInt8]) -> Bool? {
        guard case .bool(let b)? = JSONValue.parse(body)?["dualSidePosition"] else { return nil }
        return b
    }
}
