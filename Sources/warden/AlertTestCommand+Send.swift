import Blocking
import WardenCore
import WardenServices

extension AlertTestCommand {
    /// What one route answered to the firing and to the resolve.
    struct RouteResult: Sendable {
        var firing: DeliveryOutcome
        var resolved: DeliveryOutcome
    }

    /// Sends the test alert and then its resolve on every route at once; results in `senders` order.
    /// The resolve is sent even if the firing failed (a timed-out firing may still have arrived).
    static func sendAll(_ senders: [RouteSender], severity: Severity, host: String, resolveAfter: Duration) async -> [RouteResult] {
        let start = WallTime(milliseconds: SystemTime.milliseconds())
        let firing = Alert(key: AlertKey(.repeatedErrors, subject), severity: severity,
                           summary: "Warden alert-test from \(host): a test notification, no action needed; it resolves right away",
                           state: .firing, startsAt: start)
        let labels = ["test": "true"]
        return await withTaskGroup(of: (Int, RouteResult).self) { group in
            for (index, sender) in senders.enumerated() {
                group.addTask {
                    let fired = await sender.send(AlertNotification(firing, extraLabels: labels), now: start)
                    if resolveAfter > .zero { try? await Task.sleep(for: resolveAfter) }
                    var resolved = firing
                    resolved.state = .resolved
                    resolved.endsAt = WallTime(milliseconds: SystemTime.milliseconds())
                    let outcome = await sender.send(AlertNotification(resolved, extraLabels: labels), now: resolved.endsAt!)
                    return (index, RouteResult(firing: fired, resolved: outcome))
                }
            }
            var results = [RouteResult?](repeating: nil, count: senders.count)
            for await (index, result) in group { results[index] = result }
            return results.map { $0! }
        }
    }

    /// `delivered (HTTP 202)`, `REFUSED (HTTP 404: a configuration error, the daemon does not retry it)`,
    /// `FAILED (HTTP 503, the daemon would retry)`, `FAILED (connect, the daemon would retry)`.
    static func describe(_ outcome: DeliveryOutcome) -> String {
        switch (DeliveryPolicy.classify(outcome), outcome) {
        case (.delivered, .status(let s)): "delivered (HTTP \(s))"
        case (.reject, .status(let s)): "REFUSED (HTTP \(s): a configuration error, the daemon does not retry it)"
        case (_, .status(let s)): "FAILED (HTTP \(s), the daemon would retry)"
        case (_, .transport(let reason)): "FAILED (\(reason), the daemon would retry)"
        }
    }
}
