/// The persisted form of a position's own metadata (one JSON value per position in a Redis hash).
///
/// Restored on start, then merged with the exchange: the exchange overrides quantity, entry and
/// leverage; the levels, water mark, opening order, open time and exit in progress come from here.
public enum PositionRecord {
    /// Compact JSON with the keys sorted, written field by field (the same text as the
    /// ``JSONValue`` object of these members would give, without building one per write).
    public static func encode(_ p: Position) -> String {
        // Bytes, not String appends: a backlog of fills writes one record per fill, and String's
        // per-append bookkeeping and temporary number strings were a quarter of the drain's CPU.
        var out = RecordBytes(capacity: p.exit == nil ? 200 : 360)
        out.raw("{")
        out.key("entry", first: true)
        let entryStart = out.bytes.count
        out.number(p.entryPrice)
        let entryText = entryStart..<out.bytes.count
        if let e = p.exit {
            out.raw(",\"exit\":{")
            out.key("attempts", first: true); out.number(Double(e.attempts))
            out.key("escalated"); out.bool(e.escalated)
            out.key("first_ms"); out.number(Double(e.firstSentAt.milliseconds))
            out.key("intent_id"); out.string(e.intentID)
            out.key("last_ms"); out.number(Double(e.lastSentAt.milliseconds))
            out.key("price"); out.number(e.triggerPrice)
            out.key("reason"); out.string(e.reason.rawValue)
            out.raw("}")
        }
        out.key("lev"); out.number(p.leverage)
        out.key("opened_ms"); out.number(Double(p.openedAt.milliseconds))
        out.key("order_id"); out.string(p.openingOrderID)
        out.key("qty"); out.number(p.quantity)
        out.key("seen"); out.bool(p.seenOnExchange)
        out.key("side"); out.string(p.side.rawValue)
        out.key("sl"); out.number(p.stopLoss)
        out.key("symbol"); out.string(p.symbol)
        out.key("tp"); out.number(p.takeProfit)
        out.key("water")
        // Until the first price the water mark is the entry: its text is already there.
        if p.waterMark == p.entryPrice, p.waterMark.isFinite { out.bytes.append(contentsOf: out.bytes[entryText]) } else { out.number(p.waterMark) }
        out.raw("}")
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// The record's JSON text as bytes, with the same rules as ``JSONValue``'s writer.
    struct RecordBytes {
        var bytes: [UInt8] = []

        init(capacity: Int) {
            bytes.reserveCapacity(capacity)
        }

        mutating func raw(_ text: StaticString) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        /// `"key":`, after a comma unless `first`. Keys are plain ASCII and need no escaping.
        mutating func key(_ key: StaticString, first: Bool = false) {
            if !first { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            raw(key)
            bytes.append(UInt8(ascii: "\""))
            bytes.append(UInt8(ascii: ":"))
        }

        mutating func bool(_ b: Bool) {
            b ? raw("true") : raw("false")
        }

        /// As ``JSONValue/write(to:)``: null if not finite, an integer if whole and below 1e15,
        /// else Swift's shortest round-tripping form.
        mutating func number(_ d: Double) {
            if !d.isFinite {
                raw("null")
            } else if d == d.rounded(), abs(d) < 1e15 {
                integer(Int64(d))
            } else {
                bytes.append(contentsOf: d.description.utf8)
            }
        }

        mutating func integer(_ n: Int64) {
            if n < 0 { bytes.append(UInt8(ascii: "-")) }
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                         UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var v = n.magnitude
            var count = 0
            withUnsafeMutableBytes(of: &digits) { d in
                repeat {
                    d[19 - count] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                    count += 1
                } while v > 0
                bytes.append(contentsOf: d[(20 - count)...])
            }
        }

        /// A JSON string; text that needs no escaping (the usual symbol, id or reason) is copied whole.
        mutating func string(_ s: String) {
            if s.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C && $0 != 0x7F }) {
                bytes.append(UInt8(ascii: "\""))
                bytes.append(contentsOf: s.utf8)
                bytes.append(UInt8(ascii: "\""))
            } else {
                var escaped = ""
                JSONValue.writeString(s, to: &escaped)
                bytes.append(contentsOf: escaped.utf8)
            }
        }
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
