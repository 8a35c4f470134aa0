/// Which notification each route is owed, and when: the pure part of alert delivery.
public enum AlertRouting {
    /// What the state machine needs to know about a route.
    public struct Route: Sendable, Hashable {
        public var name: String
        public var minSeverity: Severity
        /// Zero: notify once, never repeat.
        public var repeatInterval: Duration

        public init(name: String, minSeverity: Severity = .warning, repeatInterval: Duration) {
            self.name = name
            self.minSeverity = minSeverity
            self.repeatInterval = repeatInterval
        }

        public init(_ route: AlertRoute) {
            self.init(name: route.name, minSeverity: route.minSeverity, repeatInterval: route.repeatInterval)
        }
    }

    /// Per (route, fingerprint): firing → notify once; still firing → re-notify every
    /// `repeatInterval`; resolved → one resolve, and only to routes that were told it fired.
    ///
    /// | event | route was told it fired | route was not told |
    /// |---|---|---|
    /// | `fire` | nothing (already told) | notify if severity ≥ `minSeverity` |
    /// | `tick`, interval elapsed | re-notify (`isRepeat`) | notify if severity now qualifies (escalated) |
    /// | `resolve` | notify the resolve, forget | nothing |
    public struct StateMachine: Sendable {
        /// One thing to do.
        public enum Action: Sendable, Hashable {
            /// Queue `notification` for the route called `route`.
            case notify(route: String, AlertNotification)
        }

        struct Key: Hashable, Sendable {
            var route: String
            var fingerprint: String
        }

        public let routes: [Route]
        /// Firing alerts by fingerprint, with their newest summary and severity.
        private(set) var firing: [String: Alert] = [:]
        /// When each route was last told about each firing alert.
        private(set) var lastNotified: [Key: WallTime] = [:]

        public init(routes: [Route]) {
            self.routes = routes
        }

        /// An alert started firing (or fired again without a resolve in between).
        public mutating func fire(_ alert: Alert, now: WallTime) -> [Action] {
            firing[alert.fingerprint] = alert
            return owed(alert, now: now, repeats: false)
        }

        /// An alert resolved: one resolve to every route that was told it fired.
        public mutating func resolve(_ alert: Alert, now: WallTime) -> [Action] {
            let fingerprint = alert.fingerprint
            firing[fingerprint] = nil
            return routes.compactMap { route in
                let key = Key(route: route.name, fingerprint: fingerprint)
                guard lastNotified.removeValue(forKey: key) != nil else { return nil }
                return .notify(route: route.name, AlertNotification(alert))
            }
        }

        /// Takes the newest summary and severity of alerts still firing (unknown ones are ignored:
        /// only `fire` starts an alert), then returns what is due.
        public mutating func refresh(_ alerts: [Alert], now: WallTime) -> [Action] {
            for alert in alerts where firing[alert.fingerprint] != nil { firing[alert.fingerprint] = alert }
            return tick(now: now)
        }

        /// Re-notifications due at `now`, oldest alert first.
        ///
        /// Runs every few seconds with every firing alert (thousands in a storm, such as a price
        /// feed down for every open symbol): only the alerts something is owed for are sorted.
        public mutating func tick(now: WallTime) -> [Action] {
            var due: [Alert] = []
            for (fingerprint, alert) in firing where isOwed(fingerprint: fingerprint, alert, now: now) { due.append(alert) }
            return due.sorted { ($0.startsAt, $0.key) < ($1.startsAt, $1.key) }.flatMap { owed($0, now: now, repeats: true) }
        }

        /// Whether ``owed(_:now:repeats:)`` would return anything for this alert at a tick.
        private func isOwed(fingerprint: String, _ alert: Alert, now: WallTime) -> Bool {
            routes.contains { route in
                if let last = lastNotified[Key(route: route.name, fingerprint: fingerprint)] {
                    return route.repeatInterval > .zero && now.since(last) >= route.repeatInterval
                }
                return alert.severity >= route.minSeverity
            }
        }

        private mutating func owed(_ alert: Alert, now: WallTime, repeats: Bool) -> [Action] {
            var actions: [Action] = []
            for route in routes {
                let key = Key(route: route.name, fingerprint: alert.fingerprint)
                if let last = lastNotified[key] {
                    guard repeats, route.repeatInterval > .zero, now.since(last) >= route.repeatInterval else { continue }
                    actions.append(.notify(route: route.name, AlertNotification(alert, isRepeat: true)))
                } else {
                    guard alert.severity >= route.minSeverity else { continue }
                    actions.append(.notify(route: route.name, AlertNotification(alert)))
                }
                lastNotified[key] = now
            }
            return actions
        }

        /// Alerts firing as far as delivery knows, oldest first.
        public var firingAlerts: [Alert] { firing.values.sorted { ($0.startsAt, $0.key) < ($1.startsAt, $1.key) } }

        /// What must outlive a restart so that a resolve still reaches the routes told of the alert.
        public struct Remembered: Sendable, Hashable {
            public var alert: Alert
            /// Route name → when it was last told.
            public var told: [String: WallTime]

            public init(alert: Alert, told: [String: WallTime]) {
                self.alert = alert
                self.told = told
            }
        }

        /// Every firing alert with the routes told of it, oldest first.
        public var remembered: [Remembered] {
            var told: [String: [String: WallTime]] = [:]
            for (key, at) in lastNotified { told[key.fingerprint, default: [:]][key.route] = at }
            return firingAlerts.map { Remembered(alert: $0, told: told[$0.fingerprint] ?? [:]) }
        }

        /// Takes back what ``remembered`` held when the last run ended. Routes no longer
        /// configured are forgotten; a route added since was never told, so it is owed a
        /// notification at the next tick. Alerts already known are kept as they are.
        public mutating func restore(_ entries: [Remembered]) {
            let names = Set(routes.map(\.name))
            for entry in entries where entry.alert.state == .firing && firing[entry.alert.fingerprint] == nil {
                firing[entry.alert.fingerprint] = entry.alert
                for (route, at) in entry.told where names.contains(route) {
                    lastNotified[Key(route: route, fingerprint: entry.alert.fingerprint)] = at
                }
            }
        }
    }
}
