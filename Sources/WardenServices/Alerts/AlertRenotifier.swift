import Blocking
import ServiceLifecycle
import WardenCore

/// The alert dispatcher's own loop: every `interval` it queues the re-notifications that are due.
/// A critical loop: it reports progress each cycle. `run()` returns at graceful shutdown.
struct AlertRenotifier: Service {
    let dispatcher: AlertDispatcher
    let progress: ProgressReporter
    let interval: Duration

    func run() async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            await dispatcher.tick(now: WallTime(milliseconds: SystemTime.milliseconds()))
            progress.report(.cycled)
            await Pause.untilNextTick(of: interval)
        }
    }
}
