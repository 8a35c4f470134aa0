public import WardenCore

extension PaperExchange.State {
    /// Answers one Binance request.
    ///
    /// Order: route (404) → parameters (-1100) → rate limits (counted even when refused) → an
    /// injected fault for this path, which either answers at once without doing anything or lets
    /// the request run and replaces (or holds back) the answer → signature and time for signed
    /// routes → the endpoint. Every answer gets `X-MBX-USED-WEIGHT-1M` (orders also
    /// `X-MBX-ORDER-COUNT-10S`/`-1M`) and a journal entry.
    public mutating func handle(_ request: PaperExchange.Request, now: WallTime) -> PaperExchange.Reply {
        let server = serverTime(now)
        guard let endpoint = PaperExchange.Endpoint(method: request.method, path: request.path) else {
            var reply = PaperExchange.Reply.error(.pathNotFound)
            _ = rates.admit(weight: 1, order: false, limit: .max, at: server)
            reply.headers = [("Content-Type", "application/json"), ("X-MBX-USED-WEIGHT-1M", String(rates.usedWeight))]
            return reply
        }
        let params: PaperExchange.Params
        do {
            params = try PaperExchange.Params(query: request.query, body: request.body)
        } catch {
            return finish(.error(error), endpoint, request, PaperExchange.Params([:]), server, fault: nil, executed: false)
        }
        let limited = rates.admit(weight: endpoint.weight(params), order: endpoint.isOrder, limit: weightLimit, at: server)
        let fault = takeFault(for: request.path, exempt: isExemptFromThrottling(endpoint, params))
        var reply: PaperExchange.Reply
        var executed = false
        if let fault, !fault.executes {
            reply = fault.reply(replacing: PaperExchange.Reply(body: ""))
        } else if let limited {
            reply = .error(limited)
            reply.headers.append(("Retry-After", String(rates.secondsToNextMinute(at: server))))
        } else {
            do {
                let value: JSONValue
                (value, executed) = try perform(endpoint, request, params, server: server)
                reply = .json(value)
            } catch {
                reply = .error(error)
            }
            if let fault { reply = fault.reply(replacing: reply) }
        }
        return finish(reply, endpoint, request, params, server, fault: fault?.kind, executed: executed)
    }

    private mutating func perform(_ endpoint: PaperExchange.Endpoint, _ request: PaperExchange.Request,
                                  _ params: PaperExchange.Params, server: Int64) throws(PaperExchange.APIError) -> (JSONValue, Bool) {
        if endpoint.isSigned { try authenticate(request, params, serverTime: server) }
        switch endpoint {
        case .time: return (.object(["serverTime": .n(server)]), false)
        case .exchangeInfo: return (exchangeInfo(serverTime: server), false)
        case .premiumIndex: return (try premiumIndex(params, serverTime: server), false)
        case .positionRisk: return (try positionRisk(params), false)
        case .dualGet: return (.object(["dualSidePosition": .bool(dualSidePosition)]), false)
        case .dualPost: return (try changePositionMode(params), true)
        case .newOrder: return (try placeOrder(params, serverTime: server), true)
        case .queryOrder: return (try queryOrder(params).json(symbols[params["symbol"] ?? ""]), false)
        case .cancelOrder: return (try cancelOrder(params, serverTime: server), true)
        case .openOrders: return (try openOrders(params), false)
        case .algoOrder: try refuseAlgoOrder(params)
        }
    }

    /// The first fault waiting for `path` (one use of it), unless this request is exempt from it.
    private mutating func takeFault(for path: String, exempt: Bool) -> PaperExchange.Fault? {
        guard let i = faults.firstIndex(where: { $0.path == path && $0.remaining > 0 }) else { return nil }
        if exempt && faults[i].kind == .throttled1008 { return nil }
        faults[i].remaining -= 1
        let fault = faults[i]
        if faults[i].remaining <= 0 { faults.remove(at: i) }
        return fault
    }

    /// -1008 spares reduce-only and closing orders (`reduceOnly=true`, `LONG`+`SELL`, `SHORT`+`BUY`).
    private func isExemptFromThrottling(_ endpoint: PaperExchange.Endpoint, _ p: PaperExchange.Params) -> Bool {
        guard endpoint == .newOrder else { return false }
        return p["reduceOnly"]?.lowercased() == "true" || p["closePosition"]?.lowercased() == "true"
            || (p["positionSide"] == "LONG" && p["side"] == "SELL") || (p["positionSide"] == "SHORT" && p["side"] == "BUY")
    }

    private mutating func finish(_ reply: PaperExchange.Reply, _ endpoint: PaperExchange.Endpoint, _ request: PaperExchange.Request,
                                 _ params: PaperExchange.Params, _ server: Int64, fault: PaperExchange.Fault.Kind?,
                                 executed: Bool) -> PaperExchange.Reply {
        var reply = reply
        if reply.header("Content-Type") == nil { reply.headers.append(("Content-Type", "application/json")) }
        reply.headers.append(("X-MBX-USED-WEIGHT-1M", String(rates.usedWeight)))
        if endpoint.isOrder {
            reply.headers.append(("X-MBX-ORDER-COUNT-10S", String(rates.orders10s)))
            reply.headers.append(("X-MBX-ORDER-COUNT-1M", String(rates.orders1m)))
        }
        var shown = params.values
        shown["signature"] = nil
        journal.append(PaperExchange.JournalEntry(time: server, method: request.method, path: request.path, params: shown,
                                                  status: reply.status, code: reply.code, fault: fault, executed: executed))
        if journal.count > Self.journalLimit { journal.removeFirst(journal.count - Self.journalLimit) }
        return reply
    }
}
