extension PaperExchange {
    /// A `POST /fapi/v1/order` request whose parameters passed validation (position rules come later).
    struct NewOrder: Sendable {
        var rules: SymbolRules
        var side: Side
        var type: OrderType
        var positionSide: PositionSide
        var reduceOnly: Bool
        var quantity: PaperDecimal
        /// The limit price (LIMIT only).
        var price: PaperDecimal?
        var timeInForce: TimeInForce
        var clientOrderId: String?
        var responseType: ResponseType

        /// Closes (part of) a position: `reduceOnly` in one-way mode, SELL+LONG or BUY+SHORT in hedge mode.
        var reduces: Bool {
            reduceOnly || (positionSide == .long && side == .sell) || (positionSide == .short && side == .buy)
        }

        /// Binance's `newClientOrderId` rule: `^[.A-Z:/a-z0-9_-]{1,36}$` (length checked separately, -4015).
        static func isLegalClientOrderId(_ id: String) -> Bool {
            !id.isEmpty && id.utf8.allSatisfy { b in
                switch b {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                     UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: ":"),
                     UInt8(ascii: "/"), UInt8(ascii: "_"), UInt8(ascii: "-"): true
                default: false
                }
            }
        }

        /// Validates in Binance's order: symbol, side, type (-4120 for stop types), position side
        /// against the mode, `reduceOnly`, client order id, response type, quantity, price.
        static func parse(_ p: Params, symbols: [String: SymbolRules], dualSide: Bool) throws(APIError) -> NewOrder {
            guard let symbol = p["symbol"] else { throw .mandatory("symbol") }
            guard let rules = symbols[symbol] else { throw .badSymbol }
            guard let sideText = p["side"] else { throw .mandatory("side") }
            guard let side = Side(rawValue: sideText) else { throw .badSide }
            guard let typeText = p["type"] else { throw .mandatory("type") }
            if OrderType.algoOnly.contains(typeText) { throw .algoOnly }
            guard let type = OrderType(rawValue: typeText) else { throw .badOrderType }

            var positionSide = PositionSide.both
            if let text = p["positionSide"] {
                guard let s = PositionSide(rawValue: text) else { throw .invalidPositionSide }
                positionSide = s
            }
            guard (positionSide == .both) != dualSide else { throw .positionSideMismatch }

            var reduceOnly = false
            if p.has("reduceOnly") {
                if dualSide { throw .notRequired("reduceOnly") }
                switch p["reduceOnly"]?.lowercased() {
                case "true": reduceOnly = true
                case "false": reduceOnly = false
                default: throw .invalid("reduceOnly")
                }
            }
            if p.has("closePosition") { throw .notRequired("closePosition") }

            let clientOrderId = p["newClientOrderId"]
            if let id = clientOrderId {
                guard id.utf8.count <= 36 else { throw .clientOrderIdTooLong }
                guard isLegalClientOrderId(id) else { throw .illegal("newClientOrderId", "^[\\.A-Z\\:/a-z0-9_-]{1,36}$") }
            }
            var responseType = ResponseType.ack
            if let text = p["newOrderRespType"] {
                guard let r = ResponseType(rawValue: text) else { throw .badResponseType }
                responseType = r
            }

            guard let quantityText = p["quantity"] else { throw .mandatory("quantity") }
            let quantity = try rules.checkQuantity(quantityText, market: type == .market).get()

            var price: PaperDecimal?
            var timeInForce = TimeInForce.gtc
            switch type {
            case .market:
                if p.has("price") { throw .notRequired("price") }
            case .limit:
                guard let priceText = p["price"] else { throw .mandatory("price") }
                price = try rules.checkPrice(priceText).get()
                guard let tifText = p["timeInForce"] else { throw .mandatory("timeInForce") }
                guard let tif = TimeInForce(rawValue: tifText) else { throw .badTimeInForce }
                timeInForce = tif
            }
            return NewOrder(rules: rules, side: side, type: type, positionSide: positionSide, reduceOnly: reduceOnly,
                            quantity: quantity, price: price, timeInForce: timeInForce, clientOrderId: clientOrderId,
                            responseType: responseType)
        }
    }
}
