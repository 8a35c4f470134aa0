public import WardenCore

extension PaperExchange.State {
    /// The admin API (not Binance): JSON in and out, no key, no signature. See README.
    ///
    /// Answers 200 with JSON, 400 `{"error":"…"}` for a bad body, 404 for an unknown path,
    /// 409 when the change conflicts with the state (mode change with positions open).
    public mutating func handleAdmin(_ request: PaperExchange.Request, now: WallTime) -> PaperExchange.Reply {
        let server = serverTime(now)
        let body = request.body.isEmpty ? JSONValue.object([:]) : JSONValue.parse(Array(request.body.utf8))
        guard let body else { return Self.adminError(400, "body is not JSON") }
        let query = (try? PaperExchange.Params(query: request.query, body: "")) ?? PaperExchange.Params([:])
        do throws(AdminError) {
            switch (request.method, request.path) {
            case ("GET", "/admin/state"): return .json(stateJSON(serverTime: server))
            case ("POST", "/admin/reset"): reset(); return .json(stateJSON(serverTime: serverTime(now)))
            case ("GET", "/admin/positions"): return .json(positionsJSON)
            case ("POST", "/admin/positions"): try setPositions(body, serverTime: server); return .json(positionsJSON)
            case ("GET", "/admin/mark-prices"): return .json(markPricesJSON)
            case ("POST", "/admin/mark-prices"): try setMarkPrices(body, serverTime: server); return .json(markPricesJSON)
            case ("GET", "/admin/dual-side"): return .json(.object(["dualSidePosition": .bool(dualSidePosition)]))
            case ("POST", "/admin/dual-side"): try setDualSide(body); return .json(.object(["dualSidePosition": .bool(dualSidePosition)]))
            case ("GET", "/admin/account"): return .json(.object(["apiKey": .s(apiKey)]))
            case ("POST", "/admin/account"): try setAccount(body); return .json(.object(["apiKey": .s(apiKey)]))
            case ("GET", "/admin/orders"):
                let symbol = query["symbol"]
                return .json(.array(orders.filter { symbol == nil || $0.symbol == symbol }.map { $0.json(symbols[$0.symbol]) }))
            case ("GET", "/admin/faults"): return .json(.array(faults.map(\.json)))
            case ("POST", "/admin/faults"): try addFault(body); return .json(.array(faults.map(\.json)))
            case ("DELETE", "/admin/faults"): faults = []; return .json(.array([]))
            case ("GET", "/admin/clock"): return .json(clockJSON(serverTime: server))
            case ("POST", "/admin/clock"): try setClock(body); return .json(clockJSON(serverTime: serverTime(now)))
            case ("POST", "/admin/symbols"): try listSymbol(body); return .json(exchangeInfo(serverTime: server))
            case ("GET", "/admin/requests"):
                let path = query["path"]
                return .json(.array(journal.filter { path == nil || $0.path == path }.map(\.json)))
            case ("DELETE", "/admin/requests"): journal = []; return .json(.array([]))
            default: return Self.adminError(404, "no admin route \(request.method) \(request.path)")
            }
        } catch {
            return Self.adminError(error.status, error.message)
        }
    }

    /// A refused admin request.
    struct AdminError: Error {
        var status: Int
        var message: String

        init(_ message: String, status: Int = 400) {
            self.status = status
            self.message = message
        }
    }

    static func adminError(_ status: Int, _ message: String) -> PaperExchange.Reply {
        PaperExchange.Reply(status: status, headers: [("Content-Type", "application/json")],
                            body: JSONValue.object(["error": .s(message)]).jsonText)
    }

    func stateJSON(serverTime: Int64) -> JSONValue {
        .object([
            "apiKey": .s(apiKey), "dualSidePosition": .bool(dualSidePosition), "clockSkewMs": .n(clockSkewMs),
            "serverTime": .n(serverTime), "markPrices": markPricesJSON, "positions": positionsJSON,
            "orders": .n(orders.count), "openOrders": .n(openOrders.count), "faults": .array(faults.map(\.json)),
            "symbols": .strings(symbols.keys.sorted()), "weightLimit": .n(weightLimit),
        ])
    }

    /// Non-flat positions.
    var positionsJSON: JSONValue {
        .array(positions.keys.sorted().compactMap { key in
            guard let p = positions[key], !p.amount.isZero else { return nil }
            return .object([
                "symbol": .s(key.symbol), "positionSide": .s(key.side.rawValue), "amount": .s(p.amount),
                "entryPrice": .s(p.entryPrice), "leverage": .n(leverage[key.symbol] ?? 20), "updateTime": .n(p.updateTime),
            ])
        })
    }

    var markPricesJSON: JSONValue { .object(markPrices.mapValues { .s($0) }) }

    func clockJSON(serverTime: Int64) -> JSONValue {
        .object(["skewMs": .n(clockSkewMs), "serverTime": .n(serverTime)])
    }
}
