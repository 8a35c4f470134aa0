/// The persisted form of a position's own metadata (one JSON value per position in a Redis hash).
///
/// Restored on start, then merged with the exchange: the exchange overrides quantity, entry and
/// leverage; the levels, water mark, opening order, open time and exit in progress come from here.
public enum PositionRecord {
    /// Compact JSON with the keys sorted, written field by field (the same text as the
    /// ``JSONValue`` object of these members would give, without building one per write).
    public static func encode(_ p: Position) -> String {
        var out = "{"
        out.reserveCapacity(p.exit == nil ? 200 : 360)
        member("entry", .number(p.entryPrice), &out, first: true)
        if let e = p.exit {
            out += ",\"exit\":{"
            member("attempts", .number(Double(e.attempts)), &out, first: true)
            member("escalated", .bool(e.escalated), &out)
            member("first_ms", .number(Double(e.firstSentAt.milliseconds)), &out)
            member("intent_id", .string(e.intentID), &out)
            member("last_ms", .number(Double(e.lastSentAt.milliseconds)), &out)
            member("price", .number(e.triggerPrice), &out)
            member("reason", .string(e.reason.rawValue), &out)
            out += "}"
        }
        member("lev", .number(p.leverage), &out)
        member("opened_ms", .number(Double(p.openedAt.milliseconds)), &out)
        member("order_id", .string(p.openingOrderID), &out)
        member("qty", .number(p.quantity), &out)
        member("seen", .bool(p.seenOnExchange), &out)
        member("side", .string(p.side.rawValue), &out)
        member("sl", .number(p.stopLoss), &out)
        member("symbol", .string(p.symbol), &out)
        member("tp", .number(p.takeProfit), &out)
        member("water", .number(p.waterMark), &out)
        out += "}"
        return out
    }

    /// `"key":value`, after a comma unless `first`. Keys are plain ASCII and need no escaping.
    private static func member(_ key: StaticString, _ value: JSONValue, _ out: inout String, first: Bool = false) {
        out += first ? "\"" : ",\""
        out += key.description
        out += "\":"
        value.write(to: &out)
    }

    /// Decodes a record; nil for anything incomplete or out of range (the exchange will re-supply it).
    public static func decode(_ text: String) -> Position? {
        guard let v = JSONValue.parse(Array(text.utf8)),
              let symbol = v["symbol"]?.stringValue, ExecutionResultDecoder.isValidSymbol(symbol),
              let side = v["side"]?.stringValue.flatMap(PositionSide.init(rawValue:)),
              let qty = v["qty"]?.double, qty > 0, let entry = v["entry"]?.double, entry > 0,
              let lev = v["lev"]?.double, lev > 0, let tp = v["tp"]?.double, tp > 0,
              let sl = v["sl"]?.double, sl > 0, let water = v["water"]?.double, water > 0,
              let opened = v["opened_ms"]?.double
        else { return nil }
        var exit: PendingExit?
        if let e = v["exit"], let reason = e["reason"]?.stringValue.flatMap(ExitReason.init(rawValue:)),
           let id = e["intent_id"]?.stringValue, let price = e["price"]?.double,
           let first = e["first_ms"]?.double, let last = e["last_ms"]?.double, let attempts = e["attempts"]?.double
        {
            var escalated = false
            if case .bool(let b)? = e["escalated"] { escalated = b }
            exit = PendingExit(reason: reason, intentID: id, triggerPrice: price, firstSentAt: WallTime(milliseconds: Int64(first)),
                               lastSentAt: WallTime(milliseconds: Int64(last)), attempts: Int(attempts), escalated: escalated)
        }
        return Position(key: PositionKey(symbol: symbol), side: side, quantity: qty, entryPrice: entry, leverage: lev,
                        takeProfit: tp, stopLoss: sl, waterMark: water, openingOrderID: v["order_id"]?.stringValue ?? "",
                        openedAt: WallTime(milliseconds: Int64(opened)), exit: exit,
                        seenOnExchange: v["seen"] == .bool(true))
    }
}
