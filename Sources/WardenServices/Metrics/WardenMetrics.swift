import Blocking
public import Prometheus
import Synchronization

/// Warden's `/metrics`, on one `PrometheusCollectorRegistry` owned by the app — never the process
/// default, so tests can run several apps side by side.
///
/// Two kinds of values feed it. Latencies are recorded as calls happen, through the adapters'
/// `onRequest` hooks (``redisObserver``, ``exchangeObserver``). Everything else already lives in
/// Warden's state (the book, the supervisors, the loops, the outboxes) and is copied onto gauges and
/// counters at each scrape by ``update(_:)``. Families are made through swift-prometheus's typed
/// API because it carries `# HELP` text, which swift-metrics' factory API cannot.
public final class WardenMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let redisLatency: LatencyFamily
    let exchangeLatency: LatencyFamily
    /// What scrapes remember between them; the lock also keeps two scrapes from interleaving.
    let scrape = Mutex(ScrapeState())

    struct ScrapeState {
        var mirror = CounterMirror()
        /// Lag gauges that exist now: a group's lag disappears while Redis cannot tell it.
        var lag: [ConsumerGroupKey: Gauge] = [:]
        var pending: [ConsumerGroupKey: Gauge] = [:]
    }

    struct ConsumerGroupKey: Hashable {
        var stream: String
        var group: String
    }

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        redisLatency = LatencyFamily(.redisLatency, label: "command", allowed: LatencyFamily.redisCommands, registry: registry)
        exchangeLatency = LatencyFamily(.exchangeLatency, label: "endpoint", allowed: LatencyFamily.exchangeEndpoints,
                                        registry: registry)
        gauge(.startTime).set(to: Double(SystemTime.milliseconds()) / 1000)
        // The fixed label sets exist from the start, at zero, so `rate()` and `absent()` work from the first scrape.
        update(MetricsSnapshot())
    }

    /// For `RedisClient(onRequest:)`: records into `warden_redis_request_duration_seconds{command}`.
    public var redisObserver: @Sendable (Duration, String) -> Void {
        { [redisLatency] duration, command in redisLatency.record(duration, command) }
    }

    /// For `BinanceClient(onRequest:)`: records into `warden_exchange_request_duration_seconds{endpoint}`.
    public var exchangeObserver: @Sendable (Duration, String) -> Void {
        { [exchangeLatency] duration, path in exchangeLatency.record(duration, path) }
    }

    /// The Prometheus text page (format 0.0.4) after copying `snapshot` onto the metrics.
    public func page(_ snapshot: MetricsSnapshot) -> [UInt8] {
        update(snapshot)
        return registry.emitToBuffer()
    }

    func gauge(_ family: MetricFamily, _ labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(name: family.name, labels: labels, help: family.help)
    }

    func counter(_ family: MetricFamily, _ labels: [(String, String)] = []) -> Counter {
        registry.makeCounter(name: family.name, labels: labels, help: family.help)
    }
}

/// Copies counts that live in Warden's state (monotonic within the process) onto Prometheus
/// counters by adding what they grew since the last scrape, so a counter never goes down.
struct CounterMirror {
    private var last: [ObjectIdentifier: Int] = [:]

    mutating func sync(_ counter: Counter, to value: Int) {
        let id = ObjectIdentifier(counter)
        let before = last[id] ?? 0
        if value > before { counter.increment(by: Int64(value - before)) }
        last[id] = value
    }
}
