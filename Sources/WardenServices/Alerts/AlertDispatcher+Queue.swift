public import WardenCore
import Logging

extension AlertDispatcher {
    /// Queues what `transitions` owe each route and logs each transition once
    /// (`ALERT_FIRING` / `ALERT_RESOLVED`, with `alert` and `subject`). Returns once queued on disk.
    ///
    /// In a storm (more than ``loggedPerName`` transitions of one alert name and kind in one call,
    /// such as PriceStale for every open symbol when prices stop) the first ones are logged one by
    /// one and the rest in one `ALERT_FIRING_MORE` / `ALERT_RESOLVED_MORE` line with their count
    /// and first subjects: thousands of lines at once would hit journald's rate limit and push
    /// out the lines that matter. Every transition is still queued for the routes.
    public func handle(_ transitions: [AlertTracker.Transition], now: WallTime) {
        loadIfNeeded()
        var logged: [String: Int] = [:]
        var more: [String: (alert: Alert, subjects: [String], count: Int)] = [:]
        for transition in transitions {
            let alert: Alert, actions: [AlertRouting.StateMachine.Action], event: String
            switch transition {
            case .fire(let a):
                (alert, actions, event) = (a, machine.fire(a, now: now), "ALERT_FIRING")
            case .resolve(let a):
                (alert, actions, event) = (a, machine.resolve(a, now: now), "ALERT_RESOLVED")
            }
            let group = "\(event) \(alert.key.name.rawValue)"
            if logged[group, default: 0] < Self.loggedPerName {
                logged[group, default: 0] += 1
                log(alert, event: event, routes: actions.count)
            } else {
                var entry = more[group] ?? (alert, [], 0)
                entry.count += 1
                if entry.subjects.count < 10 { entry.subjects.append(alert.key.subject) }
                more[group] = entry
            }
            enqueue(actions, now: now)
        }
        for (group, entry) in more.sorted(by: { $0.key < $1.key }) {
            logMore(entry.alert, event: String(group.prefix { $0 != " " }) + "_MORE", count: entry.count, subjects: entry.subjects)
        }
        persistFiring()
    }

    /// Transitions of one alert name and kind logged one by one per ``handle(_:now:)`` call.
    static var loggedPerName: Int { 20 }

    /// Feeds the newest state of alerts still firing (e.g. a tracker's `firing` after each
    /// evaluation): re-notifications carry the newest summary, and an escalation to critical
    /// reaches critical-only routes at once. Alerts not firing here are left alone.
    public func refresh(firing: [Alert], now: WallTime) {
        loadIfNeeded()
        enqueue(machine.refresh(firing, now: now), now: now)
        persistFiring()
    }

    /// Queues the re-notifications due at `now`.
    func tick(now: WallTime) {
        loadIfNeeded()
        enqueue(machine.tick(now: now), now: now)
        persistFiring()
    }

    /// Alerts firing as far as delivery knows, oldest first.
    public var firing: [Alert] { machine.firingAlerts }

    /// The next notification for `route`, oldest first; nil when its outbox is empty.
    func head(_ route: String) -> (seq: UInt64, record: OutboxRecord)? {
        loadIfNeeded()
        return outboxes[route]?.head.map { ($0.seq, $0.record) }
    }

    /// Removes entry `seq` of `route`: it was delivered, or refused for good.
    func finished(_ route: String, seq: UInt64) {
        outboxes[route]?.remove(seq)
    }

    /// Reads back every route's outbox on first use (on this actor's thread, not the caller's).
    func loadIfNeeded() {
        guard !loaded else { return }
        loaded = true
        for route in routes {
            outboxes[route.name]?.load()
            if outboxes[route.name]?.head != nil { doorbells[route.name]?.ring() }
        }
        loadFiring()
    }

    private func enqueue(_ actions: [AlertRouting.StateMachine.Action], now: WallTime) {
        for case .notify(let route, let notification) in actions {
            guard let outbox = outboxes[route] else { continue }
            outbox.append(OutboxRecord(notification, enqueuedAt: now))
            doorbells[route]?.ring()
            if notification.isRepeat {
                logger.debug("alert re-notification queued", metadata: [
                    "warden.route": "\(route)", "alert": "\(notification.alert.key.name.rawValue)",
                    "subject": "\(notification.alert.key.subject)"])
            }
        }
    }

    private func logMore(_ alert: Alert, event: String, count: Int, subjects: [String]) {
        let state = alert.state == .firing ? "firing" : "resolved"
        let metadata: Logger.Metadata = [
            "warden.event": "\(event)", "alert": "\(alert.key.name.rawValue)", "count": "\(count)",
            "subjects": "\(subjects.joined(separator: ","))"]
        let message: Logger.Message = "alert \(state): \(alert.key.name.rawValue) for \(count) more subjects, first \(subjects.joined(separator: ", "))"
        if alert.state == .firing {
            logger.log(level: alert.severity == .critical ? .error : .warning, message, metadata: metadata)
        } else {
            logger.notice(message, metadata: metadata)
        }
    }

    private func log(_ alert: Alert, event: String, routes: Int) {
        let metadata: Logger.Metadata = [
            "warden.event": "\(event)", "alert": "\(alert.key.name.rawValue)", "subject": "\(alert.key.subject)",
            "severity": "\(alert.severity.rawValue)", "fingerprint": "\(alert.fingerprint)", "routes": "\(routes)"]
        if alert.state == .firing {
            let level: Logger.Level = alert.severity == .critical ? .error : .warning
            logger.log(level: level, "alert firing: \(alert.key): \(alert.summary)", metadata: metadata)
        } else {
            logger.notice("alert resolved: \(alert.key)", metadata: metadata)
        }
    }
}
