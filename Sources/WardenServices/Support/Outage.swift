public import Logging

/// Logs a dependency outage once when it starts and once when it ends, never once per retry.
public struct Outage: Sendable {
    let logger: Logger
    let what: String
    /// How often it is retried, for the log line ("every second").
    let retry: String
    var since: ContinuousClock.Instant?
    var failures = 0

    public init(logger: Logger, what: String, retry: String = "every second") {
        self.logger = logger
        self.what = what
        self.retry = retry
    }

    public var isDown: Bool { since != nil }

    public mutating func failed(_ detail: String) {
        failures += 1
        guard since == nil else { return }
        since = .now
        logger.error("\(what) unavailable; retrying \(retry)", metadata: ["warden.event": "DEPENDENCY_DOWN", "detail": "\(detail)"])
    }

    public mutating func recovered() {
        guard let start = since else { return }
        since = nil
        logger.notice("\(what) available again", metadata: [
            "warden.event": "DEPENDENCY_UP", "down_for": "\(ContinuousClock.now - start)", "failures": "\(failures)"])
        failures = 0
    }
}
