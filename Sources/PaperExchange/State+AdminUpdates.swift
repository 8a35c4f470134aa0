internal import WardenCore

extension PaperExchange.State {
    typealias AdminFailure = PaperExchange.State.AdminError

    /// `{"symbol","amount" (signed),"entryPrice","leverage"?,"positionSide"?}`, or `{"positions":[…]}`.
    /// Amount 0 closes. In hedge mode `positionSide` defaults to LONG for a positive amount and
    /// SHORT for a negative one; a LONG position cannot be negative nor a SHORT one positive.
    mutating func setPositions(_ body: JSONValue, serverTime: Int64) throws(AdminFailure) {
        var items = [body]
        if case .array(let list)? = body["positions"] { items = list }
        var updated = self
        for item in items {
            guard let symbol = item["symbol"]?.stringValue else { throw AdminFailure("position needs a symbol") }
            guard symbols[symbol] != nil else { throw AdminFailure("unknown symbol \(symbol)") }
            guard let amount = item["amount"]?.decimal ?? item["positionAmt"]?.decimal else {
                throw AdminFailure("position needs a decimal amount (signed)")
            }
            let entry = item["entryPrice"]?.decimal ?? item["entry"]?.decimal ?? .zero
            guard amount.isZero || entry.units > 0 else { throw AdminFailure("an open position needs entryPrice > 0") }
            if let rules = symbols[symbol], !amount.isMultiple(of: min(rules.stepSize, rules.marketStepSize)) {
                throw AdminFailure("amount \(amount) is not on \(symbol)'s lot step \(min(rules.stepSize, rules.marketStepSize))")
            }
            var side: PaperExchange.PositionSide = dualSidePosition ? (amount.units < 0 ? .short : .long) : .both
            if let text = item["positionSide"]?.stringValue {
                guard let s = PaperExchange.PositionSide(rawValue: text) else { throw AdminFailure("positionSide is BOTH, LONG or SHORT") }
                side = s
            }
            guard (side == .both) != dualSidePosition else {
                throw AdminFailure("positionSide \(side.rawValue) does not match \(dualSidePosition ? "hedge" : "one-way") mode")
            }
            if (side == .long && amount.units < 0) || (side == .short && amount.units > 0) {
                throw AdminFailure("a \(side.rawValue) position's amount has the wrong sign")
            }
            if let lev = item["leverage"]?.double {
                guard lev >= 1, lev <= 125, lev == lev.rounded() else { throw AdminFailure("leverage is a whole number 1…125") }
                updated.leverage[symbol] = Int(lev)
            }
            updated.positions[PaperExchange.PositionKey(symbol: symbol, side: side)] =
                PaperExchange.Position(amount: amount, entryPrice: amount.isZero ? .zero : entry, updateTime: serverTime)
        }
        self = updated
    }

    /// `{"symbol","price","time"?}` or `{"prices":{"BTCUSDT":"66000",…}}`; `time` pins the
    /// premiumIndex `time` (a stale feed), without it the mark is live. Resting LIMIT orders the
    /// new price reaches fill.
    mutating func setMarkPrices(_ body: JSONValue, serverTime: Int64) throws(AdminFailure) {
        var changes: [(String, PaperDecimal)] = []
        if case .object(let prices)? = body["prices"] {
            for (symbol, value) in prices {
                guard let price = value.decimal, price.units > 0 else { throw AdminFailure("price of \(symbol) must be a positive decimal") }
                changes.append((symbol, price))
            }
        } else {
            guard let symbol = body["symbol"]?.stringValue, let price = body["price"]?.decimal ?? body["markPrice"]?.decimal,
                  price.units > 0
            else { throw AdminFailure("mark price needs a symbol and a positive price") }
            changes.append((symbol, price))
        }
        for (symbol, _) in changes where symbols[symbol] == nil { throw AdminFailure("unknown symbol \(symbol): POST /admin/symbols first") }
        let pinned = body["time"]?.int64
        for (symbol, price) in changes {
            markPrices[symbol] = price
            markTimes[symbol] = pinned
            matchRestingOrders(symbol, now: serverTime)
        }
    }

    /// `{"dualSidePosition": true|false}`; 409 while a position or an open order exists (as Binance).
    mutating func setDualSide(_ body: JSONValue) throws(AdminFailure) {
        guard case .bool(let dual)? = body["dualSidePosition"] else { throw AdminFailure("dualSidePosition must be true or false") }
        guard dual != dualSidePosition else { return }
        guard openOrders.isEmpty, positions.values.allSatisfy({ $0.amount.isZero }) else {
            throw AdminFailure("close positions and open orders before changing the position mode", status: 409)
        }
        dualSidePosition = dual
        positions = [:]
    }

    /// `{"apiKey","secret"}`.
    mutating func setAccount(_ body: JSONValue) throws(AdminFailure) {
        guard let key = body["apiKey"]?.stringValue, !key.isEmpty, let secret = body["secret"]?.stringValue, !secret.isEmpty
        else { throw AdminFailure("account needs a non-empty apiKey and secret") }
        apiKey = key
        self.secret = secret
    }

    /// `{"path","kind","count"?,"execute"?,"holdMs"?,"retryAfter"?,"status"?}`.
    mutating func addFault(_ body: JSONValue) throws(AdminFailure) {
        guard let path = body["path"]?.stringValue, path.hasPrefix("/") else { throw AdminFailure("fault needs a path") }
        guard let kind = body["kind"]?.stringValue.flatMap(PaperExchange.Fault.Kind.init(rawValue:)) else {
            throw AdminFailure("fault kind is one of " + PaperExchange.Fault.Kind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let count = body["count"]?.int64 ?? 1
        guard count >= 1, count <= 1_000_000 else { throw AdminFailure("count must be at least 1") }
        var execute: Bool?
        if case .bool(let b)? = body["execute"] { execute = b }
        let hold = body["holdMs"]?.int64 ?? 10_000
        guard hold >= 0, hold <= 600_000 else { throw AdminFailure("holdMs must be 0…600000") }
        faults.append(PaperExchange.Fault(kind, path: path, count: Int(count), executes: execute, hold: .milliseconds(hold),
                                          retryAfterSeconds: Int(body["retryAfter"]?.int64 ?? 1),
                                          status: body["status"]?.int64.map { Int($0) }))
    }

    /// `{"skewMs": n}`: the server clock runs `n` ms ahead (negative: behind) of the wall clock.
    mutating func setClock(_ body: JSONValue) throws(AdminFailure) {
        guard let skew = body["skewMs"]?.int64 else { throw AdminFailure("clock needs skewMs (integer)") }
        clockSkewMs = skew
    }

    /// `{"symbol","tickSize","stepSize","minQty"?,"maxQty"?,"marketStepSize"?,"marketMinQty"?,
    /// "marketMaxQty"?,"minPrice"?,"maxPrice"?,"minNotional"?,"markPrice"}`: lists or replaces a contract.
    mutating func listSymbol(_ body: JSONValue) throws(AdminFailure) {
        guard let symbol = body["symbol"]?.stringValue, (2...20).contains(symbol.utf8.count),
              symbol.utf8.allSatisfy({ (48...57).contains($0) || (65...90).contains($0) }) else {
            throw AdminFailure("symbol must be 2-20 upper-case letters and digits, like BTCUSDT")
        }
        func d(_ name: String) -> PaperDecimal? { body[name]?.decimal }
        guard let tick = d("tickSize"), tick.units > 0, let step = d("stepSize"), step.units > 0,
              let mark = d("markPrice"), mark.units > 0
        else { throw AdminFailure("symbol needs positive tickSize, stepSize and markPrice") }
        let rules = PaperExchange.SymbolRules(
            symbol: symbol, tickSize: tick, minPrice: d("minPrice"), maxPrice: d("maxPrice") ?? PaperDecimal(1_000_000),
            stepSize: step, minQty: d("minQty"), maxQty: d("maxQty") ?? PaperDecimal(1_000_000),
            marketStepSize: d("marketStepSize"), marketMinQty: d("marketMinQty"), marketMaxQty: d("marketMaxQty"),
            minNotional: d("minNotional") ?? PaperDecimal(5), initialMarkPrice: mark)
        list(rules)
        markPrices[symbol] = mark
    }
}
