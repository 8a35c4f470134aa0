public import Logging
public import ServiceLifecycle
import Systemd
import WardenCore

/// Sends `READY=1` once the first bootstrap completed — or, if dependencies are still down after
/// `startup.max_wait_s`, in a degraded state with `STATUS=` saying why, so a dead Redis does not
/// become a restart loop. While waiting it extends systemd's start timeout. At shutdown it sends
/// `STOPPING=1`. Listed last in the group, so it is the first to stop, and it marks the stop in
/// `Readiness` for the watchdog.
public struct ReadinessService: Service {
    let readiness: Readiness
    let maxWait: Duration
    let monitor: ExitMonitor
    let notifier = Notifications()
    let logger: Logger

    public init(readiness: Readiness, maxWait: Duration, monitor: ExitMonitor, logger: Logger) {
        self.readiness = readiness
        self.maxWait = maxWait
        self.monitor = monitor
        self.logger = logger
    }

    public func run() async {
        let start = ContinuousClock.now
        var lastExtend: ContinuousClock.Instant?
        while !(await readiness.isBootstrapped), !Task.isShuttingDownGracefully, !Task.isCancelled {
            if ContinuousClock.now - start >= maxWait {
                let reason = "dependencies unavailable after \(maxWait.components.seconds) s (Redis or exchange); running degraded"
                await readiness.startedDegraded(reason)
                await notifier.send([.ready, .status("DEGRADED: " + reason)])
                logger.error("ready without a bootstrap", metadata: ["warden.event": "READY_DEGRADED"])
                break
            }
            if lastExtend.map({ ContinuousClock.now - $0 >= .seconds(5) }) ?? true {
                lastExtend = .now
                await notifier.send([.extendTimeout(.seconds(15)), .status("starting: waiting for Redis and the exchange")])
            }
            // Until the bootstrap rings, the next extension is due, or the wait is over (a 100 ms
            // poll was ten wake-ups a second for the whole minute of a degraded start).
            let next = min(start + maxWait, (lastExtend ?? .now) + .seconds(5))
            await readiness.bootstrapBell.wait(upTo: ContinuousClock.now.duration(to: next))
        }
        if await readiness.isBootstrapped {
            let positions = await monitor.book.count
            await notifier.send([.ready, .status("ready: \(positions) positions tracked")])
            logger.notice("ready", metadata: ["warden.event": "READY", "positions": "\(positions)"])
        }
        try? await gracefulShutdown()
        await readiness.stopping()
        await notifier.send([.stopping, .status("stopping")])
        logger.notice("stopping", metadata: ["warden.event": "STOPPING"])
    }
}
