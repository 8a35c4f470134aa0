import WardenCore
internal import HTTP

extension BinanceClient {
    /// The HTTP methods Binance's REST API uses.
    public enum Method: Sendable { case get, post, delete }

    /// One REST call. Signed calls get `timestamp` (local time + offset), `recvWindow` and
    /// `signature`; a -1021 answer resyncs the clock and retries once.
    public func call(_ method: Method, _ path: String, _ params: BinanceQuery, signed: Bool) async throws(Binance.Error) -> [UInt8] {
        do {
            return try await attempt(method, path, params, signed: signed)
        } catch let error where error.code == -1021 && signed {
            try await syncTime()
            return try await attempt(method, path, params, signed: signed)
        }
    }

    private func attempt(_ method: Method, _ path: String, _ params: BinanceQuery, signed: Bool) async throws(Binance.Error) -> [UInt8] {
        let now = localNow()
        if let until = backoffUntil, now < until {
            throw Binance.Error(.rateLimited, "backing off for \(until.since(now)) after 429/418")
        }
        var query = params
        var headers: [HTTPHeader] = []
        var signer: RequestSigner?
        if signed {
            guard let key = configuration.apiKey, let secret = configuration.apiSecret else {
                throw Binance.Error(.noCredentials, "\(path) needs the API key and secret")
            }
            query.append("recvWindow", String(configuration.recvWindow.wholeMilliseconds))
            query.append("timestamp", String((now + clockOffset).milliseconds))
            headers.append(HTTPHeader("X-MBX-APIKEY", key.value))
            signer = RequestSigner(secret: secret)
        }
        let text = signer.map { $0.signed(query.encoded) } ?? query.encoded
        let url = configuration.baseURL + path
        let request: HTTPRequest
        switch method {
        case .get: request = HTTPRequest(method: .get, url: text.isEmpty ? url : "\(url)?\(text)", headers: headers,
                                         totalTimeout: configuration.timeout)
        case .delete: request = HTTPRequest(method: .delete, url: "\(url)?\(text)", headers: headers, totalTimeout: configuration.timeout)
        case .post:
            headers.append(HTTPHeader("Content-Type", "application/x-www-form-urlencoded"))
            request = HTTPRequest(method: .post, url: url, headers: headers, body: Array(text.utf8), totalTimeout: configuration.timeout)
        }
        let response: HTTPResponse
        let started = ContinuousClock.now
        do {
            defer { onRequest?(ContinuousClock.now - started, path) }
            response = try await http.send(request)
        } catch {
            throw Binance.Error(.transport, "\(path): \(error.reason) (\(error))")
        }
        if let weight = response.header("x-mbx-used-weight-1m").flatMap({ Int($0) }) { usedWeight1m = weight }
        return try interpret(response, path: path, now: now)
    }

    private func interpret(_ response: HTTPResponse, path: String, now: WallTime) throws(Binance.Error) -> [UInt8] {
        switch response.status {
        case 200..<300:
            return response.body
        case 429, 418:
            // Retry-After is in seconds; without one, back off a minute (429) or five (418).
            let seconds = response.header("retry-after").flatMap { Int($0) } ?? (response.status == 429 ? 60 : 300)
            backoffUntil = now + .seconds(max(1, min(seconds, 3 * 86_400)))
            throw Binance.Error(.rateLimited, status: response.status, "\(path): told to back off \(seconds) s")
        default:
            if let api = BinanceParsing.apiError(response.body) {
                throw Binance.Error(.api, code: api.code, status: response.status, "\(path): \(api.message)")
            }
            throw Binance.Error(.httpStatus, status: response.status, "\(path): \(response.text.prefix(200))")
        }
    }
}
