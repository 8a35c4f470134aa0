public import WardenCore
internal import Blocking
internal import HTTP

/// Binance USDⓈ-M REST: signed requests with a server-time offset, rate-limit back-off, and
/// parsing into core values. Every call is bounded by the configured timeout.
public actor BinanceClient {
    /// What the client needs from `[binance]` and the secrets.
    public struct Configuration: Sendable {
        public var baseURL: String
        public var apiKey: Secret?
        public var apiSecret: Secret?
        public var recvWindow: Duration
        public var timeout: Duration

        public init(baseURL: String, apiKey: Secret?, apiSecret: Secret?, recvWindow: Duration = .seconds(5),
                    timeout: Duration = .seconds(5)) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.apiSecret = apiSecret
            self.recvWindow = recvWindow
            self.timeout = timeout
        }
    }

    let configuration: Configuration
    let http: HTTPClient
    /// Server time minus local time, from the last `/fapi/v1/time`.
    public internal(set) var clockOffset: Duration = .zero
    /// When the last successful time sync happened (local time).
    public internal(set) var lastTimeSync: WallTime?
    /// Requests fail fast until then after a 429/418.
    public internal(set) var backoffUntil: WallTime?
    /// The last `X-MBX-USED-WEIGHT-1M` seen.
    public internal(set) var usedWeight1m: Int?
    /// Told each HTTP request's duration and path (`/fapi/v1/order`), failed ones included (latency metrics).
    nonisolated let onRequest: (@Sendable (Duration, String) -> Void)?

    public init(configuration: Configuration, label: String = "warden.binance",
                onRequest: (@Sendable (Duration, String) -> Void)? = nil) {
        self.configuration = configuration
        self.http = HTTPClient(label: label)
        self.onRequest = onRequest
    }

    /// The local wall clock.
    nonisolated func localNow() -> WallTime { WallTime(milliseconds: SystemTime.milliseconds()) }

    /// Reads `/fapi/v1/time` and updates ``clockOffset`` (corrected by half the round trip).
    @discardableResult
    public func syncTime() async throws(Binance.Error) -> Duration {
        let before = localNow()
        let body = try await call(.get, "/fapi/v1/time", BinanceQuery(), signed: false)
        let after = localNow()
        guard let server = BinanceParsing.serverTime(body) else { throw Binance.Error(.parse, "no serverTime in /fapi/v1/time") }
        let midpoint = before.milliseconds + (after.milliseconds - before.milliseconds) / 2
        clockOffset = .milliseconds(server.milliseconds - midpoint)
        lastTimeSync = after
        return clockOffset
    }

    /// Open positions (`GET /fapi/v2/positionRisk`, signed).
    public func positionRisk() async throws(Binance.Error) -> [ExchangePosition] {
        let body = try await call(.get, "/fapi/v2/positionRisk", BinanceQuery(), signed: true)
        switch BinanceParsing.positions(body) {
        case .success(let p): return p
        case .failure(let f): throw Binance.Error(.parse, f.description)
        }
    }

    /// Mark prices of every symbol in one call (`GET /fapi/v1/premiumIndex`).
    public func markPrices() async throws(Binance.Error) -> [PriceUpdate] {
        let body = try await call(.get, "/fapi/v1/premiumIndex", BinanceQuery(), signed: false)
        switch BinanceParsing.markPrices(body) {
        case .success(let p): return p
        case .failure(let f): throw Binance.Error(.parse, f.description)
        }
    }

    /// True in hedge mode (`GET /fapi/v1/positionSide/dual`, signed).
    public func dualSidePosition() async throws(Binance.Error) -> Bool {
        let body = try await call(.get, "/fapi/v1/positionSide/dual", BinanceQuery(), signed: true)
        guard let dual = BinanceParsing.dualSidePosition(body) else { throw Binance.Error(.parse, "no dualSidePosition") }
        return dual
    }
}
