/// Every stream Warden uses, as full Redis keys resolved with `streams.prefix` in this one place.
///
/// Production once created a consumer group on `trade.execution.res` without the
/// `quantum:stream:` prefix; nothing else in Warden builds a stream name.
public struct StreamNames: Sendable, Hashable {
    public var prefix: String
    public var executionResults: String
    public var tradeIntent: String
    public var tradeClosed: String
    public var priceUpdates: String
    public var exitbrainPnl: String
    public var deadletter: String
    public var audit: String

    init(_ r: inout ConfigReader) {
        prefix = r.string("streams.prefix")
        if prefix.contains(" ") || prefix.utf8.count > 100 { r.fail("streams.prefix", "must have no spaces and at most 100 bytes") }
        let prefix = self.prefix
        func resolve(_ name: String) -> String { name.hasPrefix(prefix) ? name : prefix + name }
        func name(_ key: String) -> String {
            let n = r.string("streams.\(key)")
            if !Self.isValidName(n) { r.fail("streams.\(key)", "must be 1 to 200 printable characters without spaces") }
            return resolve(n)
        }
        executionResults = name("execution_results")
        tradeIntent = name("trade_intent")
        tradeClosed = name("trade_closed")
        priceUpdates = name("price_updates")
        exitbrainPnl = name("exitbrain_pnl")
        deadletter = name("deadletter")
        audit = name("audit")
    }

    /// True for a usable key or name: 1 to 200 printable ASCII/UTF-8 characters, no spaces or controls.
    public static func isValidName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 200 && !s.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F }
    }
}
