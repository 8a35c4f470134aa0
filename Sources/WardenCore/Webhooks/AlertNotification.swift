/// One notification owed to a route: an alert in its firing or resolved state, as of now.
public struct AlertNotification: Sendable, Hashable {
    public var alert: Alert
    /// A re-notification of an alert still firing (its first notification went out earlier).
    public var isRepeat: Bool
    /// Labels added to the payload (`test=true` for `warden alert-test`); empty for real alerts.
    public var extraLabels: [String: String]

    public init(_ alert: Alert, isRepeat: Bool = false, extraLabels: [String: String] = [:]) {
        self.alert = alert
        self.isRepeat = isRepeat
        self.extraLabels = extraLabels
    }

    /// Whether this is `warden alert-test`'s alert rather than a real one.
    public var isTest: Bool { extraLabels["test"] == "true" }

    /// `[TEST] ` for a test notification, so nobody acts on it; empty otherwise.
    var testPrefix: String { isTest ? "[TEST] " : "" }
}
