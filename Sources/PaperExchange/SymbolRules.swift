extension PaperExchange {
    /// One perpetual contract's trading rules: the `exchangeInfo` filters the exchange enforces.
    public struct SymbolRules: Sendable, Hashable {
        public var symbol: String
        public var baseAsset: String
        /// PRICE_FILTER.
        public var tickSize: PaperDecimal
        public var minPrice: PaperDecimal
        public var maxPrice: PaperDecimal
        /// LOT_SIZE (LIMIT orders).
        public var stepSize: PaperDecimal
        public var minQty: PaperDecimal
        public var maxQty: PaperDecimal
        /// MARKET_LOT_SIZE (MARKET orders).
        public var marketStepSize: PaperDecimal
        public var marketMinQty: PaperDecimal
        public var marketMaxQty: PaperDecimal
        /// MIN_NOTIONAL `notional`: smallest quantity × price, unless reduce-only.
        public var minNotional: PaperDecimal
        /// The mark price a fresh exchange starts with.
        public var initialMarkPrice: PaperDecimal

        public init(symbol: String, baseAsset: String? = nil, tickSize: PaperDecimal, minPrice: PaperDecimal? = nil,
                    maxPrice: PaperDecimal = PaperDecimal(1_000_000), stepSize: PaperDecimal, minQty: PaperDecimal? = nil,
                    maxQty: PaperDecimal = PaperDecimal(1_000_000), marketStepSize: PaperDecimal? = nil,
                    marketMinQty: PaperDecimal? = nil, marketMaxQty: PaperDecimal? = nil,
                    minNotional: PaperDecimal = PaperDecimal(5), initialMarkPrice: PaperDecimal) {
            self.symbol = symbol
            self.baseAsset = baseAsset ?? (symbol.hasSuffix("USDT") ? String(symbol.dropLast(4)) : symbol)
            self.tickSize = tickSize
            self.minPrice = minPrice ?? tickSize
            self.maxPrice = maxPrice
            self.stepSize = stepSize
            self.minQty = minQty ?? stepSize
            self.maxQty = maxQty
            self.marketStepSize = marketStepSize ?? stepSize
            self.marketMinQty = marketMinQty ?? minQty ?? stepSize
            self.marketMaxQty = marketMaxQty ?? maxQty
            self.minNotional = minNotional
            self.initialMarkPrice = initialMarkPrice
        }

        /// Decimals of the tick size (Binance's `pricePrecision` is at least this).
        public var pricePrecision: Int { tickSize.decimals }
        /// Decimals of the lot step (`quantityPrecision`).
        public var quantityPrecision: Int { max(stepSize.decimals, marketStepSize.decimals) }

        /// The contracts a fresh paper exchange lists, with filters close to Binance's own.
        public static let defaults: [SymbolRules] = [
            SymbolRules(symbol: "BTCUSDT", tickSize: d("0.1"), minPrice: d("261.1"), maxPrice: PaperDecimal(809_484),
                        stepSize: d("0.001"), maxQty: PaperDecimal(1000), marketMaxQty: PaperDecimal(120),
                        minNotional: PaperDecimal(100), initialMarkPrice: PaperDecimal(65_000)),
            SymbolRules(symbol: "ETHUSDT", tickSize: d("0.01"), minPrice: d("39.86"), maxPrice: PaperDecimal(306_177),
                        stepSize: d("0.001"), maxQty: PaperDecimal(10_000), marketMaxQty: PaperDecimal(2000),
                        minNotional: PaperDecimal(20), initialMarkPrice: PaperDecimal(3500)),
            SymbolRules(symbol: "SOLUSDT", tickSize: d("0.01"), minPrice: d("0.42"), maxPrice: PaperDecimal(6857),
                        stepSize: PaperDecimal(1), maxQty: PaperDecimal(1_000_000), marketMaxQty: PaperDecimal(5000),
                        minNotional: PaperDecimal(5), initialMarkPrice: PaperDecimal(150)),
        ]

        private static func d(_ text: String) -> PaperDecimal {
            guard let v = PaperDecimal(text) else { preconditionFailure("bad literal \(text)") }
            return v
        }

        /// Checks an order quantity against MARKET_LOT_SIZE (`market`) or LOT_SIZE.
        func checkQuantity(_ text: String, market: Bool) -> Result<PaperDecimal, APIError> {
            let step = market ? marketStepSize : stepSize
            let lower = market ? marketMinQty : minQty, upper = market ? marketMaxQty : maxQty
            let qty: PaperDecimal
            switch PaperDecimal.parse(text) {
            case .invalid: return .failure(.illegal("quantity", "^([0-9]{1,20})(\\.[0-9]{1,20})?$"))
            case .tooPrecise: return .failure(.badPrecision)
            case .value(let v): qty = v
            }
            if qty.decimals > step.decimals { return .failure(.badPrecision) }
            if qty.units <= 0 { return .failure(.quantityNotPositive) }
            if qty < lower { return .failure(.quantityBelowMin) }
            if upper < qty { return .failure(.quantityAboveMax) }
            if !(qty - lower).isMultiple(of: step) { return .failure(.quantityOffStep) }
            return .success(qty)
        }

        /// Checks a LIMIT price against PRICE_FILTER.
        func checkPrice(_ text: String) -> Result<PaperDecimal, APIError> {
            let price: PaperDecimal
            switch PaperDecimal.parse(text) {
            case .invalid: return .failure(.illegal("price", "^([0-9]{1,20})(\\.[0-9]{1,20})?$"))
            case .tooPrecise: return .failure(.badPrecision)
            case .value(let v): price = v
            }
            if price.decimals > tickSize.decimals { return .failure(.badPrecision) }
            if price.units <= 0 { return .failure(.priceNotPositive) }
            if price < minPrice { return .failure(.priceBelowMin) }
            if maxPrice < price { return .failure(.priceAboveMax) }
            if !(price - minPrice).isMultiple(of: tickSize) { return .failure(.priceOffTick) }
            return .success(price)
        }
    }
}
