import Logging
import WardenCore

/// Logs a route's failures once per failing streak (`ALERT_DELIVERY_FAILED`), a refusal once
/// per streak (`ALERT_DELIVERY_REJECTED`: a configuration error), and the end of the streak
/// (`ALERT_DELIVERY_RECOVERED`) — never once per attempt.
struct DeliveryStreak {
    let logger: Logger
    private(set) var failing = false
    private var rejectLogged = false
    private var failures = 0

    init(logger: Logger) {
        self.logger = logger
    }

    mutating func failed(_ outcome: DeliveryOutcome, decision: RetryDecision) {
        failures += 1
        if !failing {
            failing = true
            logger.error("alert delivery failing", metadata: [
                "warden.event": "ALERT_DELIVERY_FAILED", "reason": "\(outcome.reason)",
                "retrying": "\(decision == .retry)"])
        }
        if decision == .reject, !rejectLogged {
            rejectLogged = true
            logger.error("alert receiver refused the notification (configuration error); not retried", metadata: [
                "warden.event": "ALERT_DELIVERY_REJECTED", "reason": "\(outcome.reason)"])
        }
    }

    mutating func delivered() {
        guard failing else { return }
        logger.notice("alert delivery working again", metadata: [
            "warden.event": "ALERT_DELIVERY_RECOVERED", "failures": "\(failures)"])
        (failing, rejectLogged, failures) = (false, false, 0)
    }
}
