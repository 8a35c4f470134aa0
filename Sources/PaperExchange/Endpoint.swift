extension PaperExchange {
    /// The Binance routes the exchange serves, with their request weights.
    enum Endpoint: Sendable, Hashable, CaseIterable {
        case time, exchangeInfo, premiumIndex, positionRisk, dualGet, dualPost
        case newOrder, queryOrder, cancelOrder, openOrders, algoOrder

        init?(method: String, path: String) {
            switch (method, path) {
            case ("GET", "/fapi/v1/time"): self = .time
            case ("GET", "/fapi/v1/exchangeInfo"): self = .exchangeInfo
            case ("GET", "/fapi/v1/premiumIndex"): self = .premiumIndex
            case ("GET", "/fapi/v2/positionRisk"): self = .positionRisk
            case ("GET", "/fapi/v1/positionSide/dual"): self = .dualGet
            case ("POST", "/fapi/v1/positionSide/dual"): self = .dualPost
            case ("POST", "/fapi/v1/order"): self = .newOrder
            case ("GET", "/fapi/v1/order"): self = .queryOrder
            case ("DELETE", "/fapi/v1/order"): self = .cancelOrder
            case ("GET", "/fapi/v1/openOrders"): self = .openOrders
            case ("POST", "/fapi/v1/algoOrder"): self = .algoOrder
            default: return nil
            }
        }

        /// TRADE and USER_DATA endpoints need the key and a signature.
        var isSigned: Bool { ![.time, .exchangeInfo, .premiumIndex].contains(self) }

        /// Counts against the account's order limits and gets `X-MBX-ORDER-COUNT-…` headers.
        var isOrder: Bool { self == .newOrder || self == .algoOrder }

        /// IP weight (Binance's documented values; orders weigh 0 on the IP limit).
        func weight(_ params: Params) -> Int {
            switch self {
            case .time, .exchangeInfo, .queryOrder, .cancelOrder, .dualPost: 1
            case .premiumIndex: params["symbol"] == nil ? 10 : 1
            case .positionRisk: 5
            case .dualGet: 30
            case .openOrders: params["symbol"] == nil ? 40 : 1
            case .newOrder, .algoOrder: 0
            }
        }
    }
}
