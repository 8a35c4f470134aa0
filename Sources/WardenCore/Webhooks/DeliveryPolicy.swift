/// How a delivery attempt ended.
public enum DeliveryOutcome: Sendable, Hashable {
    /// An HTTP answer with this status.
    case status(Int)
    /// No answer: connect, timeout, TLS, … (the transport's metric-safe reason).
    case transport(String)
}

/// What to do after an attempt, decided from the outcome alone (alertmanager's `Retrier.Check`).
public enum RetryDecision: Sendable, Hashable {
    case delivered
    /// Worth retrying after a back-off (network errors, 429, 5xx).
    case retry
    /// The receiver refuses this request as it is (4xx other than 429): a configuration error.
    /// Logged once, counted, shown in `/health`; not retried forever.
    case reject
}

public enum DeliveryPolicy {
    public static func classify(_ outcome: DeliveryOutcome) -> RetryDecision {
        switch outcome {
        case .status(let s) where (200..<300).contains(s): .delivered
        case .status(429), .status(408): .retry
        case .status(let s) where (500..<600).contains(s): .retry
        case .status: .reject
        case .transport: .retry
        }
    }

    /// Back-off before attempt `attempt` (1 = the first retry): between half the base and the
    /// whole base, by `random` in [0, 1); the base doubles from 1 s and is capped at 60 s.
    ///
    /// | attempt | base |   | attempt | base |
    /// |---|---|---|---|---|
    /// | 1 | 1 s | | 5 | 16 s |
    /// | 2 | 2 s | | 6 | 32 s |
    /// | 3 | 4 s | | 7+ | 60 s |
    /// | 4 | 8 s | | | |
    public static func backoff(attempt: Int, random: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 6)
        let base = min(Double(1 << exponent), 60)
        // Half fixed, half jitter: never zero, never a thundering herd.
        return .milliseconds(Int64((base * (0.5 + 0.5 * min(max(random, 0), 1))) * 1000))
    }
}

extension DeliveryOutcome {
    /// A metric-safe reason: the transport's (`connect`, `timeout`, …) or `http_<status>`.
    public var reason: String {
        switch self {
        case .status(let s): "http_\(s)"
        case .transport(let r): r
        }
    }
}
