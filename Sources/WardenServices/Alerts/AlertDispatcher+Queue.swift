public import WardenCore
import Logging

extension AlertDispatcher {
    /// Queues what `transitions` owe each route and logs each transition once
    /// (`ALERT_FIRING` / `ALERT_RESOLVED`, with `alert` and `subject`). Returns once queued on disk.
    public func handle(_ transitions: [AlertTracker.Transition], now: WallTime) {
        loadIfNeeded()
        for transition in transitions {
            switch transition {
            case .fire(let alert):
                let actions = machine.fire(alert, now: now)
                log(alert, event: "ALERT_FIRING", routes: actions.count)
                enqueue(actions, now: now)
            case .resolve(let alert):
                let actions = machine.resolve(alert, now: now)
                log(alert, event: "ALERT_RESOLVED", routes: actions.count)
                enqueue(actions, now: now)
            }
        }
        persistFiring()
    }

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
