import WardenCore

/// The persisted form of an ``EmergencyIncident``: one JSON object per position key in the Redis
/// hash `warden:failsafe:incidents`. Decoding is strict: a record that does not decode is skipped
/// (and logged by the caller), never half-restored.
enum IncidentRecord {
    /// The hash field of a position key (`BTCUSDT`, `BTCUSDT/LONG`).
    static func field(_ key: PositionKey) -> String { key.description }

    static func encode(_ i: EmergencyIncident) -> String {
        var o: [String: JSONValue] = [
            "symbol": .string(i.key.symbol), "why": .string(i.why),
            "startedAt": .number(Double(i.startedAt.milliseconds)), "sends": .number(Double(i.sends)),
            "failures": .number(Double(i.failures)),
        ]
        if let h = i.key.hedgeSide { o["hedgeSide"] = .string(h.rawValue) }
        switch i.phase {
        case .needPosition: o["phase"] = .string("needPosition")
        case .sending(let x): o["phase"] = .string("sending"); o["order"] = order(x)
        case .unknownOutcome(let x): o["phase"] = .string("unknownOutcome"); o["order"] = order(x)
        case .notFound(let x): o["phase"] = .string("notFound"); o["order"] = order(x)
        case .confirming(let x): o["phase"] = .string("confirming"); o["order"] = order(x)
        case .reduceOnlyRejected(let x): o["phase"] = .string("reduceOnlyRejected"); o["order"] = order(x)
        case .retrying(let x): o["phase"] = .string("retrying"); o["order"] = order(x)
        case .halted(let why): o["phase"] = .string("halted"); o["halt"] = .string(why)
        case .done(let outcome):
            o["phase"] = .string("done")
            switch outcome {
            case .closed(let id): o["outcome"] = .string("closed"); o["orderID"] = .string(id)
            case .alreadyFlat: o["outcome"] = .string("alreadyFlat")
            case .dryRun(let x): o["outcome"] = .string("dryRun"); o["order"] = order(x)
            case .notArmed: o["outcome"] = .string("notArmed")
            case .partlyClosed(let r): o["outcome"] = .string("partlyClosed"); o["remaining"] = .number(r)
            }
        }
        return JSONValue.object(o).jsonText
    }

    static func decode(_ text: String) -> EmergencyIncident? {
        guard let v = JSONValue.parse(Array(text.utf8)), let symbol = v["symbol"]?.stringValue,
              let started = v["startedAt"]?.double, let phaseName = v["phase"]?.stringValue else { return nil }
        let hedge = v["hedgeSide"]?.stringValue.flatMap(PositionSide.init(rawValue:))
        let o = v["order"].flatMap(order)
        let phase: EmergencyIncident.Phase
        switch phaseName {
        case "needPosition": phase = .needPosition
        case "sending": guard let o else { return nil }; phase = .sending(o)
        case "unknownOutcome": guard let o else { return nil }; phase = .unknownOutcome(o)
        case "notFound": guard let o else { return nil }; phase = .notFound(o)
        case "confirming": guard let o else { return nil }; phase = .confirming(o)
        case "reduceOnlyRejected": guard let o else { return nil }; phase = .reduceOnlyRejected(o)
        case "retrying": guard let o else { return nil }; phase = .retrying(o)
        case "halted": phase = .halted(v["halt"]?.stringValue ?? "")
        case "done":
            switch v["outcome"]?.stringValue {
            case "closed": phase = .done(.closed(orderID: v["orderID"]?.stringValue ?? ""))
            case "alreadyFlat": phase = .done(.alreadyFlat)
            case "dryRun": guard let o else { return nil }; phase = .done(.dryRun(o))
            case "notArmed": phase = .done(.notArmed)
            case "partlyClosed": phase = .done(.partlyClosed(remaining: v["remaining"]?.double ?? 0))
            default: return nil
            }
        default: return nil
        }
        return EmergencyIncident(key: PositionKey(symbol: symbol, hedgeSide: hedge), why: v["why"]?.stringValue ?? "",
                                 startedAt: WallTime(milliseconds: Int64(started)), phase: phase,
                                 sends: Int(v["sends"]?.double ?? 0), failures: Int(v["failures"]?.double ?? 0))
    }

    static func order(_ o: EmergencyOrder) -> JSONValue {
        var d: [String: JSONValue] = ["symbol": .string(o.symbol), "side": .string(o.side), "quantity": .string(o.quantity),
                                      "clientOrderID": .string(o.clientOrderID)]
        if let p = o.positionSide { d["positionSide"] = .string(p) }
        return .object(d)
    }

    static func order(_ v: JSONValue) -> EmergencyOrder? {
        guard let symbol = v["symbol"]?.stringValue, let side = v["side"]?.stringValue,
              let quantity = v["quantity"]?.stringValue, let id = v["clientOrderID"]?.stringValue else { return nil }
        return EmergencyOrder(symbol: symbol, side: side, quantity: quantity, positionSide: v["positionSide"]?.stringValue,
                              clientOrderID: id)
    }
}
