public import Logging
import WardenCore
public import Redis

/// What every exit-monitor loop is given: its own Redis connection (so a slow call in one loop
/// never delays another), the shared monitor, the writer, its progress handle and its logger.
public struct BookLoop: Sendable {
    public let redis: RedisClient
    public let monitor: ExitMonitor
    public let writer: BookActionWriter
    public let progress: ProgressReporter
    public let logger: Logger
    /// Where producers' error messages go for RepeatedErrors (error-status execution results).
    public let errors: ErrorFeed?

    public init(redis: RedisClient, monitor: ExitMonitor, writer: BookActionWriter, progress: ProgressReporter, logger: Logger,
                errors: ErrorFeed? = nil) {
        self.errors = errors
        self.redis = redis
        self.monitor = monitor
        self.writer = writer
        self.progress = progress
        self.logger = logger
    }
}

/// Actions decided but not yet written. Kept across cycles until Redis takes them: a close
/// intent once decided must not be lost to a Redis error.
struct PendingWrites {
    var actions: [PositionBook.Action] = []
    var outage: Outage

    init(logger: Logger, what: String) {
        outage = Outage(logger: logger, what: what)
    }

    /// Writes what is pending; true when nothing is left.
    mutating func flush(_ loop: BookLoop) async -> Bool {
        guard !actions.isEmpty else { return true }
        do {
            try await loop.writer.write(actions, on: loop.redis)
            actions = []
            outage.recovered()
            return true
        } catch {
            outage.failed("\(error)")
            return false
        }
    }
}

/// Thrown inside a loop when pending writes could not be flushed (already logged by its outage).
struct PendingWritesFailed: Error {}
