import Binance
import Blocking
import Redis
import WardenCore

/// The pipeline's execution service, as small as the demo needs: it opens positions on the paper
/// exchange and reports each fill on `trade.execution.res`, and it executes Warden's close
/// intents from `trade.intent` (a MARKET reduceOnly order, its reduce-only fill on
/// `trade.execution.res` — which is how Warden sees the exit confirmed — and `trade.closed`) —
/// except for the symbols it is told to ignore, whose intents stay unconsumed: a broken exit path.
struct ExecutionService: Sendable {
    let redis: RedisClient
    let exchange: BinanceClient
    let streams: StreamNames
    let ignoring: Set<String>
    let timeline: Timeline

    struct Fill: Sendable {
        var orderID: String
        var price: String
        var status: String
    }

    /// Opens a position with a MARKET order and publishes the execution result Warden consumes.
    func open(_ symbol: String, action: String, quantity: String) async throws -> Fill {
        let fill = try await order(symbol, side: action, quantity: quantity, reduceOnly: false)
        _ = try await redis.command([
            "XADD", streams.executionResults, "*", "symbol", symbol, "action", action, "status", "FILLED",
            "entry_price", fill.price, "quantity", quantity, "leverage", "20", "order_id", fill.orderID,
            "timestamp", WallTime(milliseconds: SystemTime.milliseconds()).iso8601])
        return fill
    }

    /// Executes close intents until cancelled.
    func run() async {
        var lastID = "0-0"
        var done: Set<String> = []
        while !Task.isCancelled {
            let reply: RedisValue
            do {
                reply = try await redis.command(["XREAD", "COUNT", "50", "BLOCK", "300", "STREAMS", streams.tradeIntent, lastID],
                                                timeout: .seconds(2))
            } catch {
                timeline.note("exec-service", "reading \(streams.tradeIntent) failed: \(error)")
                do { try await Task.sleep(for: .milliseconds(300)) } catch { return }
                continue
            }
            for entry in reply.array?.first?.array?.last?.array ?? [] {
                guard let id = entry.array?.first?.string else { continue }
                lastID = id
                let fields = Self.fields(entry)
                guard let symbol = fields["symbol"], let side = fields["action"], let quantity = fields["quantity"] else { continue }
                if ignoring.contains(symbol) {
                    timeline.note("exec-service", symbol, "intent \(fields["intent_id"] ?? "?") not consumed (the broken exit path)")
                    continue
                }
                guard !done.contains(symbol) else { continue }
                do {
                    let fill = try await order(symbol, side: side, quantity: quantity, reduceOnly: true)
                    done.insert(symbol)
                    _ = try await redis.command([
                        "XADD", streams.executionResults, "*", "symbol", symbol, "action", side, "status", "FILLED",
                        "entry_price", fill.price, "quantity", quantity, "reduce_only", "true", "order_id", fill.orderID,
                        "timestamp", WallTime(milliseconds: SystemTime.milliseconds()).iso8601])
                    _ = try await redis.command([
                        "XADD", streams.tradeClosed, "*", "symbol", symbol, "exit_reason", fields["exit_reason"] ?? "",
                        "price", fill.price, "quantity", quantity, "intent_id", fields["intent_id"] ?? "", "order_id", fill.orderID,
                        "timestamp", WallTime(milliseconds: SystemTime.milliseconds()).iso8601])
                    timeline.note("exec-service", symbol, price: fill.price,
                                  "executed \(fields["exit_reason"] ?? "") intent: \(side) \(quantity) reduceOnly, order \(fill.orderID) \(fill.status); fill on trade.execution.res, trade.closed")
                } catch {
                    timeline.note("exec-service", symbol, "executing the intent failed: \(error)")
                }
            }
        }
    }

    func order(_ symbol: String, side: String, quantity: String, reduceOnly: Bool) async throws -> Fill {
        var params = BinanceQuery([("symbol", symbol), ("side", side), ("type", "MARKET"), ("quantity", quantity),
                                   ("newOrderRespType", "RESULT")])
        if reduceOnly { params.append("reduceOnly", "true") }
        let body = try await exchange.call(.post, "/fapi/v1/order", params, signed: true)
        guard let json = JSONValue.parse(body), let id = json["orderId"]?.scalarText else {
            throw DemoError("unexpected order answer: \(String(decoding: body.prefix(200), as: UTF8.self))")
        }
        return Fill(orderID: id, price: Self.trimmed(json["avgPrice"]?.stringValue ?? "?"), status: json["status"]?.stringValue ?? "?")
    }

    /// `65000.00000` → `65000`, `3412.50` → `3412.5`.
    static func trimmed(_ decimal: String) -> String {
        guard decimal.contains(".") else { return decimal }
        var s = Substring(decimal)
        while s.last == "0" { s = s.dropLast() }
        if s.last == "." { s = s.dropLast() }
        return String(s)
    }

    static func fields(_ entry: RedisValue) -> [String: String] {
        let flat = entry.array?.last?.array ?? []
        var out: [String: String] = [:]
        for i in stride(from: 0, to: flat.count - 1, by: 2) {
            if let k = flat[i].string, let v = flat[i + 1].string { out[k] = v }
        }
        return out
    }
}
