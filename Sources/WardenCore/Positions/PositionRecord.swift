/// The persisted form of a position's own metadata (one JSON value per position in a Redis hash).
///
/// Restored on start, then merged with the exchange: the exchange overrides quantity, entry and
/// leverage; the levels, water mark, opening order, open time and exit in progress come from here.
public enum PositionRecord {
    public static func encode(_ p: Position) -> String {
        var m: [String: JSONValue] = [
            "symbol": .string(p.symbol), "side": .string(p.side.rawValue),
            "qty": .number(p.quantity), "entry": .number(p.entryPrice), "lev": .number(p.leverage),
            "tp": .number(p.takeProfit), "sl": .number(p.stopLoss), "water": .number(p.waterMark),
            "order_id": .string(p.openingOrderID), "opened_ms": .number(Double(p.openedAt.milliseconds)),
            "seen": .bool(p.seenOnExchange),
        ]
        if let e = p.exit {
            m["exit"] = .object([
                "reason": .string(e.reason.rawValue), "intent_id": .string(e.intentID), "price": .number(e.triggerPrice),
                "first_ms": .number(Double(e.firstSentAt.milliseconds)), "last_ms": .number(Double(e.lastSentAt.milliseconds)),
                "attempts": .number(Double(e.attempts)), "escalated": .bool(e.escalated),
            ])
        }
        return JSONValue.object(m).jsonText
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
