/// A local Binance USDⓈ-M–compatible exchange for the demo, tests and rehearsals.
///
/// It behaves like Binance where Warden depends on it: HMAC-SHA256 signatures over the exact
/// query and body, the `recvWindow` rule, -2015/-1022/-1021, lot and tick filters, client order id
/// rules (unique among OPEN orders only), -4120 for stop types, reduce-only and hedge-mode rules,
/// MARKET fills at the mark price, and rate-limit headers. ``State`` is the whole exchange as a
/// synchronous state machine; `PaperExchangeServer` is a thin HTTP layer over it.
///
/// Defaults: API key ``defaultAPIKey``, secret ``defaultSecret``, one-way mode, the contracts of
/// ``SymbolRules/defaults`` (BTCUSDT 65000, ETHUSDT 3500, SOLUSDT 150), leverage 20, server
/// time = wall clock + skew (0), 2400 weight per minute.
///
/// Binance routes: `GET /fapi/v1/time`, `GET /fapi/v1/exchangeInfo`, `GET /fapi/v1/premiumIndex`
/// (with or without `symbol`), and signed: `GET /fapi/v2/positionRisk`, `GET|POST
/// /fapi/v1/positionSide/dual`, `POST|GET|DELETE /fapi/v1/order`, `GET /fapi/v1/openOrders`,
/// `POST /fapi/v1/algoOrder` (validated, then -1020: conditional orders are not run here).
///
/// Admin routes (not Binance: JSON bodies, no key, no signature; 400 `{"error":…}` on a bad body):
///
/// | route | body / query | effect |
/// |---|---|---|
/// | `GET /admin/state` | | account key, mode, skew, prices, positions, faults, counts |
/// | `POST /admin/reset` | | back to the start-up state (key and secret as started) |
/// | `GET\|POST /admin/positions` | `{"symbol","amount" (signed),"entryPrice","leverage"?,"positionSide"?}` or `{"positions":[…]}` | set positions; amount 0 closes |
/// | `GET\|POST /admin/mark-prices` | `{"symbol","price","time"?}` or `{"prices":{"BTCUSDT":"66000"}}` | set marks (`time` pins a stale premiumIndex time); resting LIMIT orders the price reaches fill |
/// | `GET\|POST /admin/dual-side` | `{"dualSidePosition":true}` | hedge mode; 409 while positions or open orders exist |
/// | `GET\|POST /admin/account` | `{"apiKey","secret"}` | the credentials requests must use |
/// | `GET /admin/orders` | `?symbol=` | every accepted order, oldest first, in GET-order shape |
/// | `GET\|DELETE /admin/requests` | `?path=` | the journal of `/fapi` requests: params, status, code, fault, executed |
/// | `GET\|POST\|DELETE /admin/faults` | `{"path","kind","count"?,"execute"?,"holdMs"?,"retryAfter"?,"status"?}` | faults for the next `count` requests to `path` (see ``Fault``) |
/// | `GET\|POST /admin/clock` | `{"skewMs":3000}` | server clock offset, for `/fapi/v1/time` and timestamp checks |
/// | `POST /admin/symbols` | `{"symbol","tickSize","stepSize","markPrice",…}` | list or replace a contract |
public enum PaperExchange {
    /// The API key the exchange accepts until `/admin/account` changes it.
    public static let defaultAPIKey = "paper-key"
    /// The secret that signs requests for ``defaultAPIKey``.
    public static let defaultSecret = "paper-secret"
}
