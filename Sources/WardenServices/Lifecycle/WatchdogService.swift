public import Logging
public import ServiceLifecycle
import Systemd
import WardenCore

/// The gated heartbeat: every `WATCHDOG_USEC/2` it sends `WATCHDOG=1` only if every critical
/// loop reported progress within its deadline. Otherwise it withholds the ping and sets `STATUS=`
/// to the late loop's name and age, and systemd restarts the process. A dependency being down is
/// not a hang: loops report such cycles too, so the heartbeat continues. Neither is a stop: once
/// graceful shutdown began (``Readiness/isStopping``) it pings without checking the loops.
public struct WatchdogService: Service {
    let progress: ProgressBoard
    let monitor: ExitMonitor
    let readiness: Readiness
    let supervisors: SupervisorState?
    let notifier = Notifications()
    let logger: Logger

    public init(progress: ProgressBoard, monitor: ExitMonitor, readiness: Readiness, supervisors: SupervisorState? = nil,
                logger: Logger) {
        self.supervisors = supervisors
        self.progress = progress
        self.monitor = monitor
        self.readiness = readiness
        self.logger = logger
    }

    public func run() async {
        let interval = SystemdNotifier.watchdogPingInterval() ?? .seconds(5)
        let enabled = SystemdNotifier.watchdogTimeout() != nil
        var withheld = false
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            if await readiness.isStopping {
                // ServiceGroup stops the services one by one, this one near the end; a loop that
                // already returned stops reporting and would look hung. systemd still enforces
                // WatchdogSec= while stopping, so keep feeding it: TimeoutStopSec= bounds the stop.
                // Its own turn to stop ends the pause at once (a plain sleep held the stop up to
                // 5 s without WatchdogSec=, seen in the demo).
                if enabled { await notifier.send([.watchdog]) }
                await Pause.for(interval)
                continue
            }
            if let fault = await monitor.inconsistency() {
                // A bug, not an outage: ask systemd to treat it as a watchdog failure and restart us.
                await notifier.send([.watchdogTrigger, .status("FATAL: internal inconsistency: \(fault)")])
                logger.critical("internal inconsistency; WATCHDOG=trigger sent", metadata: [
                    "warden.event": "FATAL_INCONSISTENCY", "detail": "\(fault)"])
                await Pause.for(interval)
                continue
            }
            let late = progress.snapshot().late(now: progress.now())
            if let worst = late.first {
                let status = "LATE: \(worst.name) no progress for \(Int(worst.age.seconds)) s; heartbeat withheld"
                await notifier.send([.status(status)])
                if !withheld {
                    logger.critical("loop made no progress; withholding the watchdog ping", metadata: [
                        "warden.event": "HEARTBEAT_WITHHELD", "loop": "\(worst.name)", "age_s": "\(Int(worst.age.seconds))"])
                }
                withheld = true
            } else {
                let summary = await StatusLine.make(monitor: monitor, progress: progress, readiness: readiness, supervisors: supervisors)
                await notifier.send(enabled ? [.watchdog, .status(summary)] : [.status(summary)])
                if withheld { logger.notice("all loops progressing again", metadata: ["warden.event": "HEARTBEAT_RESUMED"]) }
                withheld = false
            }
            await Pause.for(interval)
        }
    }
}
