internal import Binance

extension PaperExchange.State {
    /// Checks a SIGNED (TRADE/USER_DATA) request, in this order:
    /// `X-MBX-APIKEY` (-2015, HTTP 401) → `timestamp` present (-1102) → `recvWindow` at most
    /// 60000 (-1131) → `signature` last and equal to HMAC-SHA256(secret, query + body) in any
    /// letter case (-1022) → the time rule (-1021).
    func authenticate(_ request: PaperExchange.Request, _ params: PaperExchange.Params,
                      serverTime: Int64) throws(PaperExchange.APIError) {
        guard let key = request.apiKey, key == apiKey else { throw .invalidAPIKey }
        guard let timestampText = params["timestamp"] else { throw .mandatory("timestamp") }
        guard let timestamp = Self.integer(timestampText) else { throw .illegal("timestamp", "^[0-9]{1,20}$") }
        var recvWindow: Int64 = 5000
        if let text = params["recvWindow"] {
            guard let value = Self.integer(text) else { throw .illegal("recvWindow", "^[0-9]{1,20}$") }
            guard value <= 60_000 else { throw .badRecvWindow }
            recvWindow = value
        }
        switch PaperExchange.Params.signature(query: request.query, body: request.body) {
        case .missing:
            throw .mandatory("signature")
        case .misplaced:
            throw .invalidSignature
        case .found(let payload, let signature):
            let expected = HMACSHA256.hex(key: Array(secret.utf8), message: Array(payload.utf8))
            guard signature.lowercased() == expected else { throw .invalidSignature }
        }
        try Self.checkTimestamp(timestamp, recvWindow: recvWindow, serverTime: serverTime)
    }

    /// Binance's rule: accepted iff `timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow`.
    static func checkTimestamp(_ timestamp: Int64, recvWindow: Int64, serverTime: Int64) throws(PaperExchange.APIError) {
        guard timestamp < serverTime + 1000 else { throw .timestampAhead }
        guard serverTime - timestamp <= recvWindow else { throw .timestampOutside }
    }

    /// Plain decimal digits only (no sign, no spaces), up to 18 of them.
    static func integer(_ text: String) -> Int64? {
        guard !text.isEmpty, text.count <= 18, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int64(text)
    }
}
