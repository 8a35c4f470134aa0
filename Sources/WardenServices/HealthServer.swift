import Hummingbird
public import Logging
public import ServiceLifecycle
public import WardenCore

/// `GET /health` (JSON, binding shape in DESIGN.md) and `GET /metrics` (Prometheus text format
/// 0.0.4, from ``WardenMetrics``) on `health.listen`.
///
/// Answers 200 while healthy or degraded and 503 when unhealthy, so a plain HTTP probe can act on it.
/// `run()` returns when graceful shutdown completes; it throws if the address cannot be bound.
public struct HealthServer: Service {
    let host: String
    let port: Int
    let report: @Sendable () async -> HealthReport
    let metrics: @Sendable () async -> [UInt8]
    let onBound: @Sendable (Int) async -> Void
    let logger: Logger

    /// - Parameters:
    ///   - onBound: told the bound port once listening (useful with port 0).
    public init(host: String, port: Int, logger: Logger,
                report: @escaping @Sendable () async -> HealthReport,
                metrics: @escaping @Sendable () async -> [UInt8] = { [] },
                onBound: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.host = host
        self.port = port
        self.report = report
        self.metrics = metrics
        self.onBound = onBound
        self.logger = logger
    }

    public func run() async throws {
        let router = Router()
        let report = self.report, metrics = self.metrics
        router.get("/health") { _, _ -> Response in
            let r = await report()
            return Response(
                status: r.status == .unhealthy ? .serviceUnavailable : .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: r.json.jsonText + "\n")))
        }
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: await metrics())))
        }
        let onBound = self.onBound
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "warden"),
            onServerRunning: { channel in await onBound(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.run()
    }
}
