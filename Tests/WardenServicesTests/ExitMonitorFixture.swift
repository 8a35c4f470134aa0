import Binance
import InMemoryLogging
import Logging
import Redis
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing
import WardenCore
import WardenServices
import WardenTestSupport

/// A real redis-server plus the exit monitor's pieces wired to it, for service tests.
struct ExitMonitorFixture: Sendable {
    let server: RedisServer
    let config: WardenConfig
    let monitor: ExitMonitor
    let logs = InMemoryLogHandler()
    let progress = ProgressBoard()

    static func start(_ values: [String: ConfigValue] = [:]) async throws -> ExitMonitorFixture {
        let server = try await RedisServer.start()
        var all = values
        all["redis.url"] = .string(server.url)
        let config = try WardenConfig.resolve(all, secrets: Secrets()).get()
        let monitor = ExitMonitor(policy: ExitPolicy(config.exit), confirmTimeout: config.exit.confirmTimeout,
                                  maxPriceAge: config.exit.maxPriceAge)
        return ExitMonitorFixture(server: server, config: config, monitor: monitor)
    }

    var logger: Logger {
        let handler = logs
        return Logger(label: "test") { _ in handler }
    }

    func client() throws -> RedisClient { try RedisClient(url: server.url) }

    var writer: BookActionWriter { BookActionWriter(streams: config.streams, logger: logger) }

    /// A loop context with its own connection, as `WardenApp` gives each service.
    func loop(_ name: String, monitor: ExitMonitor? = nil) throws -> BookLoop {
        BookLoop(redis: try client(), monitor: monitor ?? self.monitor, writer: writer,
                 progress: progress.loop(name, deadline: .seconds(5)), logger: logger)
    }

    func consumer(name: String = "warden-test", block: Duration = .milliseconds(100), reclaimIdle: Duration = .seconds(60))
        throws -> ExecutionConsumer
    {
        ExecutionConsumer(
            settings: .init(stream: config.streams.executionResults, group: config.consumer.group, consumer: name,
                            deadletter: config.streams.deadletter, batchSize: 500, block: block, reclaimIdle: reclaimIdle),
            loop: try loop("execution-consumer"))
    }

    /// Adds one execution result (flat fields) and returns its id.
    @discardableResult
    func addResult(_ pairs: [(String, String)], stream: String? = nil) async throws -> String {
        let reply = try await client().command(["XADD", stream ?? config.streams.executionResults, "*"] + pairs.flatMap { [$0.0, $0.1] })
        return reply.string ?? ""
    }

    static func fill(_ symbol: String, _ action: String = "BUY", price: String = "100", qty: String = "1",
                     extra: [(String, String)] = []) -> [(String, String)] {
        [("symbol", symbol), ("action", action), ("status", "FILLED"), ("entry_price", price), ("quantity", qty),
         ("order_id", "o-\(symbol)")] + extra
    }

    /// `XINFO GROUPS` of the execution stream: (pending, lag, entries-read) of our group.
    func groupState() async throws -> (pending: Int, lag: Int?, entriesRead: Int?) {
        let reply = try await client().command(["XINFO", "GROUPS", config.streams.executionResults])
        for group in reply.array ?? [] {
            let flat = group.array ?? []
            var info: [String: RedisValue] = [:]
            var i = 0
            while i + 1 < flat.count { info[flat[i].string ?? ""] = flat[i + 1]; i += 2 }
            if info["name"]?.string == config.consumer.group {
                return (info["pending"]?.int ?? -1, info["lag"]?.int, info["entries-read"]?.int)
            }
        }
        return (-1, nil, nil)
    }

    /// Every entry delivered and acknowledged: pending 0 and lag 0.
    func isDrained() async throws -> Bool {
        let g = try await groupState()
        return g.pending == 0 && g.lag == 0
    }

    func streamLength(_ key: String) async throws -> Int {
        try await client().command(["XLEN", key]).int ?? -1
    }

    func events(_ name: String) -> [InMemoryLogHandler.Entry] {
        logs.entries.filter { $0.metadata["warden.event"] == .string(name) }
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// Runs `services` until `body` returns, then shuts them down gracefully and waits for them.
func running<T: Sendable>(_ services: [any Service], _ body: @Sendable () async throws -> T) async throws -> T {
    try await testGracefulShutdown { trigger in
        try await withThrowingTaskGroup(of: Void.self) { group in
            for service in services { group.addTask { try await service.run() } }
            let result: T
            do {
                result = try await body()
            } catch {
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
                throw error
            }
            trigger.triggerGracefulShutdown()
            try await group.waitForAll()
            return result
        }
    }
}
