import Prometheus
import Synchronization

/// One latency histogram family with a single label whose values come from a fixed set; any
/// other value is counted as `other`, so a caller can never grow the number of series.
/// Series are made on first use; recording is a short lock and the histogram's own.
final class LatencyFamily: Sendable {
    /// 0.5 ms to 2.5 s: a local Redis answers in well under a millisecond, a loaded one or the
    /// exchange in tens to hundreds; past 2.5 s is a timeout in the making (Redis and exchange
    /// calls time out at 2 s and 5 s by default).
    static let buckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500),
    ]
    static let other = "other"

    let family: MetricFamily
    let label: String
    let allowed: Set<String>
    let registry: PrometheusCollectorRegistry
    private let series = Mutex<[String: DurationHistogram]>([:])

    init(_ family: MetricFamily, label: String, allowed: Set<String>, registry: PrometheusCollectorRegistry) {
        self.family = family
        self.label = label
        self.allowed = allowed
        self.registry = registry
    }

    func record(_ duration: Duration, _ value: String) {
        let key = allowed.contains(value) ? value : Self.other
        let histogram = series.withLock { series in
            if let h = series[key] { return h }
            let h = registry.makeDurationHistogram(name: family.name, labels: [(label, key)], buckets: Self.buckets,
                                                   help: family.help)
            series[key] = h
            return h
        }
        histogram.record(duration)
    }
}

extension LatencyFamily {
    /// Every command Warden sends, plus `PIPELINE`.
    static let redisCommands: Set<String> = [
        "XREADGROUP", "XREAD", "XADD", "XACK", "XAUTOCLAIM", "XCLAIM", "XGROUP", "XINFO", "XRANGE", "XREVRANGE",
        "XLEN", "XPENDING", "GET", "SET", "DEL", "EXISTS", "TTL", "EXPIRE", "HGET", "HGETALL", "HSET", "HDEL",
        "ZADD", "ZRANGEBYSCORE", "ZREMRANGEBYSCORE", "PING", "PIPELINE",
    ]
    /// Every Binance USDⓈ-M path the client calls.
    static let exchangeEndpoints: Set<String> = [
        "/fapi/v1/time", "/fapi/v1/exchangeInfo", "/fapi/v2/positionRisk", "/fapi/v1/premiumIndex",
        "/fapi/v1/positionSide/dual", "/fapi/v1/order", "/fapi/v1/openOrders", "/fapi/v1/algoOrder",
    ]
}
