/// The alerts Warden raises. Names are binding (DESIGN.md): other tools route and silence on them.
public enum AlertName: String, Sendable, Hashable, CaseIterable, Comparable {
    case repeatedErrors = "RepeatedErrors"
    case consumerLag = "ConsumerLag"
    case consumerStalled = "ConsumerStalled"
    case staleStream = "StaleStream"
    case tradeClosedStalled = "TradeClosedStalled"
    case restartStorm = "RestartStorm"
    case safeModeStuck = "SafeModeStuck"
    case redisUnreachable = "RedisUnreachable"
    case exchangeUnreachable = "ExchangeUnreachable"
    case clockDrift = "ClockDrift"
    case priceStale = "PriceStale"
    case exitPathBroken = "ExitPathBroken"
    case emergencyClose = "EmergencyClose"

    public static func < (a: AlertName, b: AlertName) -> Bool { a.rawValue < b.rawValue }
}

/// How urgent an alert is.
public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
    case warning, critical

    public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .critical }
}

/// One alert instance: a name and the thing it is about (a symbol, a stream, a unit, …).
public struct AlertKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var name: AlertName
    /// The subject: `quantum:stream:trade.intent/execution_group`, `BTCUSDT`, `trading-exec.service`, or `warden`.
    public var subject: String

    public init(_ name: AlertName, _ subject: String) {
        self.name = name
        self.subject = subject
    }

    public static func < (a: AlertKey, b: AlertKey) -> Bool { (a.name, a.subject) < (b.name, b.subject) }

    public var description: String { "\(name.rawValue)[\(subject)]" }
}

/// What one evaluation concluded about one alert key.
public enum Condition: Sendable, Hashable {
    /// The condition does not hold.
    case ok
    /// The condition holds: a one-line summary with the numbers that matter, and a severity.
    case bad(summary: String, severity: Severity)
    /// The inputs could not be read (e.g. Redis is down): neither fire nor resolve.
    case unknown(reason: String)
}

/// A supervisor's verdict on one key at one evaluation.
public struct Observation: Sendable, Hashable {
    public var key: AlertKey
    public var condition: Condition

    public init(_ key: AlertKey, _ condition: Condition) {
        self.key = key
        self.condition = condition
    }
}
