/// A local Binance USDⓈ-M–compatible exchange for the demo, tests and rehearsals.
///
/// It behaves like Binance where Warden depends on it: HMAC-SHA256 signatures over the exact
/// query and body, the `recvWindow` rule, -2015/-1022/-1021, lot and tick filters, client order id
/// rules (unique among OPEN orders only), -4120 for stop types, reduce-only and hedge-mode rules,
/// MARKET fills at the mark price, and rate-limit headers. `PaperExchange.State` is the whole
/// exchange as a synchronous state machine; `PaperExchangeServer` is a thin HTTP layer over it.
///
/// Defaults: API key ``defaultAPIKey``, secret ``defaultSecret``, one-way mode, the symbols of
/// ``SymbolRules/defaults`` at their default mark prices, server time = wall clock + skew (0).
public enum PaperExchange {
    /// The API key the exchange accepts until `/admin/account` changes it.
    public static let defaultAPIKey = "paper-key"
    /// The secret that signs requests for ``defaultAPIKey``.
    public static let defaultSecret = "paper-secret"
}
