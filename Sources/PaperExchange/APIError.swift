internal import WardenCore

extension PaperExchange {
    /// A Binance error answer: HTTP status plus `{"code":…,"msg":"…"}`.
    ///
    /// `reason` is a fixed, metric-safe name of the rule that refused the request; the code and
    /// message are what Binance sends for it.
    public struct APIError: Error, Sendable, Hashable, CustomStringConvertible {
        public var code: Int
        public var message: String
        public var httpStatus: Int
        public var reason: Reason

        /// Which rule refused the request (bounded, safe as a metric label).
        public enum Reason: String, Sendable, CaseIterable {
            case badAPIKey = "bad_api_key"
            case badSignature = "bad_signature"
            case badTimestamp = "bad_timestamp"
            case badRecvWindow = "bad_recv_window"
            case missingParameter = "missing_parameter"
            case illegalCharacters = "illegal_characters"
            case invalidParameter = "invalid_parameter"
            case parameterNotRequired = "parameter_not_required"
            case badSymbol = "bad_symbol"
            case badSide = "bad_side"
            case badOrderType = "bad_order_type"
            case badTimeInForce = "bad_time_in_force"
            case badPrecision = "bad_precision"
            case badQuantity = "bad_quantity"
            case badPrice = "bad_price"
            case minNotional = "min_notional"
            case algoOnly = "algo_only"
            case clientOrderIdLength = "client_order_id_length"
            case duplicateClientOrderId = "duplicate_client_order_id"
            case positionSide = "position_side"
            case reduceOnly = "reduce_only"
            case postOnly = "post_only"
            case unknownOrder = "unknown_order"
            case unsupported
            case rateLimited = "rate_limited"
            case injected
            case notFound = "not_found"
        }

        public init(_ code: Int, _ message: String, status: Int = 400, reason: Reason) {
            self.code = code
            self.message = message
            self.httpStatus = status
            self.reason = reason
        }

        public var description: String { "HTTP \(httpStatus) code \(code) (\(reason.rawValue)): \(message)" }

        /// The body Binance sends.
        public var body: String {
            JSONValue.object(["code": .number(Double(code)), "msg": .string(message)]).jsonText
        }
    }
}

extension PaperExchange.APIError {
    typealias E = PaperExchange.APIError

    static let invalidAPIKey = E(-2015, "Invalid API-key, IP, or permissions for action.", status: 401, reason: .badAPIKey)
    static let invalidSignature = E(-1022, "Signature for this request is not valid.", reason: .badSignature)
    static let timestampAhead = E(-1021, "Timestamp for this request was 1000ms ahead of the server's time.", reason: .badTimestamp)
    static let timestampOutside = E(-1021, "Timestamp for this request is outside of the recvWindow.", reason: .badTimestamp)
    static let badRecvWindow = E(-1131, "recvWindow must be less than 60000", reason: .badRecvWindow)
    static let badSymbol = E(-1121, "Invalid symbol.", reason: .badSymbol)
    static let badSide = E(-1117, "Invalid side.", reason: .badSide)
    static let badOrderType = E(-1116, "Invalid orderType.", reason: .badOrderType)
    static let badTimeInForce = E(-1115, "Invalid timeInForce.", reason: .badTimeInForce)
    static let badResponseType = E(-1136, "Invalid newOrderRespType.", reason: .invalidParameter)
    static let badPrecision = E(-1111, "Precision is over the maximum defined for this asset.", reason: .badPrecision)
    static let quantityNotPositive = E(-4003, "Quantity less than zero.", reason: .badQuantity)
    static let quantityBelowMin = E(-4004, "Quantity less than min quantity.", reason: .badQuantity)
    static let quantityAboveMax = E(-4005, "Quantity greater than max quantity.", reason: .badQuantity)
    static let quantityOffStep = E(-4023, "Qty not increased by step size.", reason: .badQuantity)
    static let priceNotPositive = E(-4001, "Price less than 0.", reason: .badPrice)
    static let priceAboveMax = E(-4002, "Price greater than max price.", reason: .badPrice)
    static let priceBelowMin = E(-4013, "Price less than min price.", reason: .badPrice)
    static let priceOffTick = E(-4014, "Price not increased by tick size.", reason: .badPrice)
    static let algoOnly = E(-4120, "Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.",
                            reason: .algoOnly)
    static let clientOrderIdTooLong = E(-4015, "Client order id length should not be more than 36 chars", reason: .clientOrderIdLength)
    static let duplicateClientOrderId = E(-4116, "ClientOrderId is duplicated.", reason: .duplicateClientOrderId)
    static let positionSideMismatch = E(-4061, "Order's position side does not match user's setting.", reason: .positionSide)
    static let invalidPositionSide = E(-4060, "Invalid position side.", reason: .positionSide)
    static let reduceOnlyRejected = E(-2022, "ReduceOnly Order is rejected.", reason: .reduceOnly)
    static let postOnlyRejected = E(-5022, "Due to the order could not be executed as maker, the Post Only order will be rejected.",
                                    reason: .postOnly)
    static let noSuchOrder = E(-2013, "Order does not exist.", reason: .unknownOrder)
    static let unknownOrderSent = E(-2011, "Unknown order sent.", reason: .unknownOrder)
    static let unsupported = E(-1020, "This operation is not supported.", reason: .unsupported)
    static let orderIdOrClientId = E(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!",
                                     reason: .missingParameter)

    static func mandatory(_ name: String) -> E {
        E(-1102, "Mandatory parameter '\(name)' was not sent, was empty/null, or malformed.", reason: .missingParameter)
    }

    static func illegal(_ name: String, _ legal: String) -> E {
        E(-1100, "Illegal characters found in parameter '\(name)'; legal range is '\(legal)'.", reason: .illegalCharacters)
    }

    static func invalid(_ name: String) -> E {
        E(-1130, "Data sent for parameter '\(name)' is not valid.", reason: .invalidParameter)
    }

    static func notRequired(_ name: String) -> E {
        E(-1106, "Parameter '\(name)' sent when not required.", reason: .parameterNotRequired)
    }

    static func minNotional(_ limit: PaperDecimal) -> E {
        E(-4164, "Order's notional must be no smaller than \(limit) (unless you choose reduce only).", reason: .minNotional)
    }

    static func tooManyRequests(limit: Int) -> E {
        E(-1003, "Too many requests; current limit of IP is \(limit) requests per minute. "
              + "Please use the websocket for live updates to avoid polling the API.", status: 429, reason: .rateLimited)
    }

    static func tooManyOrders(limit: Int, per interval: String) -> E {
        E(-1015, "Too many new orders; current limit is \(limit) orders per \(interval).", status: 429, reason: .rateLimited)
    }

    static let pathNotFound = E(-1000, "Not found.", status: 404, reason: .notFound)
}
