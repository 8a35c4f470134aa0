import Blocking
import Logging
import ServiceLifecycle
import WardenCore

/// One route's delivery loop: sends its outbox strictly in sequence order (so a fingerprint's
/// firing and resolve never swap), one attempt at a time, on the route's own HTTP client — a
/// slow or dead receiver delays only this route.
///
/// After each attempt, ``DeliveryPolicy/classify(_:)`` decides: delivered → next; retry (network,
/// 429, 5xx) → the same entry again after the back-off; reject (other 4xx) → dropped after this
/// one attempt and counted, as resending cannot fix a configuration error.
///
/// A critical loop: it reports progress at least every second, also while idle or backing off,
/// and `dependencyDown` while failing. `run()` returns at graceful shutdown (after an attempt in
/// flight ends, at most the route's timeout); what is still queued is sent by the next run.
struct RouteDelivery: Service {
    let route: AlertRoute
    let dispatcher: AlertDispatcher
    let sender: RouteSender
    let stats: RouteStats
    let doorbell: Doorbell
    let progress: ProgressReporter
    let backoff: @Sendable (Int) -> Duration
    let logger: Logger

    func run() async {
        var streak = DeliveryStreak(logger: logger)
        var attempt = 0
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            progress.report(streak.failing ? .dependencyDown : .cycled)
            guard let (seq, record) = await dispatcher.head(route.name) else {
                await doorbell.wait(upTo: .seconds(1))
                continue
            }
            let now = WallTime(milliseconds: SystemTime.milliseconds())
            let outcome = await sender.send(record.notification, now: now)
            let decision = DeliveryPolicy.classify(outcome)
            switch decision {
            case .delivered:
                await dispatcher.finished(route.name, seq: seq)
                stats.update { $0.delivered += 1; $0.failing = false }
                streak.delivered()
                attempt = 0
            case .reject:
                await dispatcher.finished(route.name, seq: seq)
                stats.update { $0.rejected += 1; $0.failing = true; $0.lastError = outcome.reason; $0.lastErrorAt = now }
                streak.failed(outcome, decision: .reject)
                attempt = 0
            case .retry:
                attempt += 1
                stats.update { $0.failedAttempts += 1; $0.failing = true; $0.lastError = outcome.reason; $0.lastErrorAt = now }
                streak.failed(outcome, decision: .retry)
                await pause(backoff(attempt))
            }
        }
    }

    /// Sleeps `duration` in slices of at most a second, reporting progress between them.
    private func pause(_ duration: Duration) async {
        let end = ContinuousClock.now + duration
        while ContinuousClock.now < end, !Task.isShuttingDownGracefully, !Task.isCancelled {
            progress.report(.dependencyDown)
            await Pause.until(min(end, .now + .seconds(1)))
        }
    }
}
