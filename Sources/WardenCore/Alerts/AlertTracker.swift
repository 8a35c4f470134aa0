/// Turns observations into alert transitions: a condition must hold for its rule's `for`
/// duration before it fires (no flapping pages); it fires once per incident and resolves once.
/// `unknown` (inputs unreadable, e.g. Redis down) neither fires nor resolves.
public struct AlertTracker: Sendable {
    /// Per alert name: how long a condition must hold before firing.
    public var holdFor: [AlertName: Duration]

    enum State: Sendable, Hashable {
        case pending(since: WallTime, summary: String, severity: Severity)
        case firing(Alert)
    }

    private(set) var states: [AlertKey: State] = [:]
    /// Alerts restored after a restart, and until when an `ok` for them is not trusted yet.
    private(set) var restoredUntil: [AlertKey: WallTime] = [:]

    public init(holdFor: [AlertName: Duration] = [:]) {
        self.holdFor = holdFor
    }

    /// What the dispatcher must send.
    public enum Transition: Sendable, Hashable {
        case fire(Alert)
        case resolve(Alert)
    }

    /// Takes back alerts that were firing when the last run ended, so that they resolve (once)
    /// when their condition is found cleared instead of staying open at the receivers forever.
    /// Evaluators start afresh after a restart and may say `ok` before they could possibly say
    /// `bad` (a window not yet filled, a clock not yet run): for each alert, an `ok` counts only
    /// from `now + trustOKAfter(name)`; a `bad` confirms it at once. Keys already tracked are kept.
    public mutating func restore(_ alerts: [Alert], trustOKAfter: (AlertName) -> Duration, now: WallTime) {
        for alert in alerts where alert.state == .firing && states[alert.key] == nil {
            states[alert.key] = .firing(alert)
            restoredUntil[alert.key] = now + trustOKAfter(alert.key.name)
        }
    }

    /// Applies one evaluation. Keys of `covering` names that were tracked but are not in
    /// `observations` count as `ok` (their subject went away).
    public mutating func update(_ observations: [Observation], covering: Set<AlertName>, now: WallTime) -> [Transition] {
        var transitions: [Transition] = []
        var seen: Set<AlertKey> = []
        for o in observations {
            seen.insert(o.key)
            if let t = apply(o.key, o.condition, now: now) { transitions.append(t) }
        }
        for key in states.keys.sorted() where covering.contains(key.name) && !seen.contains(key) {
            if let t = apply(key, .ok, now: now) { transitions.append(t) }
        }
        return transitions
    }

    mutating func apply(_ key: AlertKey, _ condition: Condition, now: WallTime) -> Transition? {
        switch (condition, states[key]) {
        case (.unknown, _):
            return nil
        case (.ok, .firing?) where restoredUntil[key].map({ now < $0 }) ?? false:
            return nil  // restored, and its evaluator is still warming up
        case (.ok, .firing(var alert)?):
            states[key] = nil
            restoredUntil[key] = nil
            alert.state = .resolved
            alert.endsAt = now
            return .resolve(alert)
        case (.ok, _):
            states[key] = nil
            return nil
        case (.bad(let summary, let severity), nil):
            let hold = holdFor[key.name] ?? .zero
            guard hold > .zero else { return fire(key, summary, severity, since: now) }
            states[key] = .pending(since: now, summary: summary, severity: severity)
            return nil
        case (.bad(let summary, let severity), .pending(let since, _, _)?):
            guard now.since(since) >= (holdFor[key.name] ?? .zero) else {
                states[key] = .pending(since: since, summary: summary, severity: severity)
                return nil
            }
            return fire(key, summary, severity, since: since)
        case (.bad(let summary, let severity), .firing(var alert)?):
            // Still firing: keep the newest numbers for re-notifications; escalate severity, never lower it.
            restoredUntil[key] = nil
            alert.summary = summary
            alert.severity = max(alert.severity, severity)
            states[key] = .firing(alert)
            return nil
        }
    }

    mutating func fire(_ key: AlertKey, _ summary: String, _ severity: Severity, since: WallTime) -> Transition {
        let alert = Alert(key: key, severity: severity, summary: summary, state: .firing, startsAt: since)
        states[key] = .firing(alert)
        return .fire(alert)
    }

    /// Alerts firing now, for `/health`, `STATUS=` and re-notification.
    public var firing: [Alert] {
        var alerts: [Alert] = []
        for case .firing(let alert) in states.values { alerts.append(alert) }
        // Sorted through indices: an Alert is large and a sort moves its elements many times;
        // a storm (PriceStale for every open symbol) holds thousands, every supervisor pass.
        let order = alerts.indices.sorted { alerts[$0].key < alerts[$1].key }
        return order.map { alerts[$0] }
    }

    /// Keys waiting out their `for` duration.
    public var pending: [AlertKey] {
        states.compactMap { if case .pending = $0.value { return $0.key }; return nil }.sorted()
    }
}
