import Binance
import PaperExchange
import WardenCore

/// The local clock the state-machine tests run at (server time, with no skew).
let t0: Int64 = 1_795_000_000_000

/// Builds requests exactly as Warden's `BinanceClient` does: `BinanceQuery` encoding,
/// `recvWindow` and `timestamp` last before the signature, signed by `RequestSigner`.
struct Caller {
    var apiKey: String? = PaperExchange.defaultAPIKey
    var secret = PaperExchange.defaultSecret

    func signed(_ method: String, _ path: String, _ params: [(String, String)], timestamp: Int64 = t0,
                recvWindow: Int64? = 5000) -> PaperExchange.Request {
        var query = BinanceQuery(params)
        if let recvWindow { query.append("recvWindow", String(recvWindow)) }
        query.append("timestamp", String(timestamp))
        let text = RequestSigner(secret: Secret(secret, source: "test")).signed(query.encoded)
        return method == "POST"
            ? PaperExchange.Request(method: method, path: path, body: text, apiKey: apiKey)
            : PaperExchange.Request(method: method, path: path, query: text, apiKey: apiKey)
    }
}

extension PaperExchange.State {
    /// Sends a signed request at `now`.
    mutating func send(_ method: String, _ path: String, _ params: [(String, String)] = [], now: Int64 = t0,
                       caller: Caller = Caller()) -> PaperExchange.Reply {
        handle(caller.signed(method, path, params, timestamp: now), now: WallTime(milliseconds: now))
    }

    /// `POST /fapi/v1/order` with `newOrderRespType=RESULT` unless given.
    mutating func order(_ params: [(String, String)], now: Int64 = t0) -> PaperExchange.Reply {
        var params = params
        if !params.contains(where: { $0.0 == "newOrderRespType" }) { params.append(("newOrderRespType", "RESULT")) }
        return send("POST", "/fapi/v1/order", params, now: now)
    }

    /// A MARKET order.
    mutating func market(_ symbol: String, _ side: String, _ quantity: String, _ extra: [(String, String)] = [],
                         now: Int64 = t0) -> PaperExchange.Reply {
        order([("symbol", symbol), ("side", side), ("type", "MARKET"), ("quantity", quantity)] + extra, now: now)
    }

    /// An admin call with a JSON body.
    mutating func admin(_ method: String, _ path: String, _ json: String = "", now: Int64 = t0) -> PaperExchange.Reply {
        handleAdmin(PaperExchange.Request(method: method, path: path, body: json), now: WallTime(milliseconds: now))
    }

    /// The signed position amount at `symbol`/`side`, as text.
    func amount(_ symbol: String, _ side: PaperExchange.PositionSide = .both) -> String {
        position(PaperExchange.PositionKey(symbol: symbol, side: side)).amount.description
    }

    func entry(_ symbol: String, _ side: PaperExchange.PositionSide = .both) -> String {
        position(PaperExchange.PositionKey(symbol: symbol, side: side)).entryPrice.description
    }
}

extension PaperExchange.Reply {
    /// The body parsed as JSON (`.null` if it is not JSON).
    var json: JSONValue { JSONValue.parse(Array(body.utf8)) ?? .null }
}

/// A state with a position already open.
func exchange(holding amount: String = "0", _ symbol: String = "BTCUSDT", entry: String = "60000",
              dualSide: Bool = false) -> PaperExchange.State {
    var state = PaperExchange.State()
    if dualSide { _ = state.admin("POST", "/admin/dual-side", #"{"dualSidePosition":true}"#) }
    if amount != "0" {
        let side = dualSide ? (amount.hasPrefix("-") ? ",\"positionSide\":\"SHORT\"" : ",\"positionSide\":\"LONG\"") : ""
        let reply = state.admin("POST", "/admin/positions", #"{"symbol":"\#(symbol)","amount":"\#(amount)","entryPrice":"\#(entry)"\#(side)}"#)
        precondition(reply.status == 200, reply.body)
    }
    return state
}
