import Blocking
public import Logging
public import Redis
public import ServiceLifecycle
public import WardenCore

/// Every second: re-sends close intents not confirmed within `exit.confirm_timeout_s`, and
/// reports the exit path broken when the re-send is not confirmed either.
public struct ExitCheck: Service {
    let interval: Duration
    let redis: RedisClient
    let monitor: ExitMonitor
    let writer: BookActionWriter
    let progress: ProgressReporter
    let failpoints: Failpoints
    let logger: Logger

    public init(interval: Duration = .seconds(1), redis: RedisClient, monitor: ExitMonitor, writer: BookActionWriter,
                progress: ProgressReporter, failpoints: Failpoints = .none, logger: Logger) {
        self.failpoints = failpoints
        self.interval = interval
        self.redis = redis
        self.monitor = monitor
        self.writer = writer
        self.progress = progress
        self.logger = logger
    }

    public func run() async {
        var outage = Outage(logger: logger, what: "exit check writes (Redis)")
        var pending: [PositionBook.Action] = []
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let started = ContinuousClock.now
            await failpoints.hit("exit-check")
            pending += await monitor.check(now: WallTime(milliseconds: SystemTime.milliseconds()))
            if pending.isEmpty {
                progress.report(.cycled)
            } else {
                do {
                    try await writer.write(pending, on: redis)
                    pending = []
                    outage.recovered()
                    progress.report(.cycled)
                } catch {
                    outage.failed("\(error)")
                    progress.report(.dependencyDown)
                }
            }
            await Pause.until(started + interval)
        }
    }
}
