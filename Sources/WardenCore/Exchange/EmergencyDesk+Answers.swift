extension EmergencyDesk {
    /// A fresh read of the position (nil = flat or absent), with the symbol's lot filter and mode.
    public mutating func positionRead(_ key: PositionKey, _ position: ExchangePosition?, filter: LotFilter?,
                                      hedgeMode: Bool, killSwitchKeyPresent: Bool, now: WallTime) -> [Action] {
        guard let incident = incidents[key], incident.isOpen else { return [] }
        let open = position.map { $0.quantity > 0 } ?? false
        switch incident.phase {
        case .needPosition:
            guard let position, open else { return finish(key, .alreadyFlat, "already flat on the exchange", now) }
            if mode == .off { return finish(key, .notArmed, "emergency.mode is off: not closing", now) }
            if killSwitch || killSwitchKeyPresent { return halt(key, "blocked by the kill switch", now) }
            let order: EmergencyOrder
            switch EmergencyPlanner.plan(position, filter: filter, hedgeMode: hedgeMode, incident: incident.startedAt) {
            case .success(let o): order = o
            case .failure(let problem): return halt(key, "cannot plan the close: \(problem)", now)
            }
            if mode == .dryRun {
                return finish(key, .dryRun(order), "dry-run: would send MARKET \(order.side) \(order.quantity)", now)
            }
            if rateLimited(now: now) { return halt(key, "rate limit: \(maxOrdersPerHour) emergency orders in the last hour", now) }
            let i = set(key, .sending(order), sent: true, now: now)
            return [.persist(i), .send(order), .notify(key, "sending MARKET \(order.side) \(order.quantity) reduce-only")]
        case .confirming(let order):
            if !open { return finish(key, .closed(orderID: order.clientOrderID), "closed by the emergency order", now) }
            return finish(key, .partlyClosed(remaining: position?.quantity ?? 0),
                          "emergency order ended (filled, expired or canceled) but \(DecimalText.plain(position?.quantity ?? 0)) "
                              + "remains open: close the rest by hand", now)
        case .reduceOnlyRejected:
            if !open { return finish(key, .alreadyFlat, "reduce-only rejected because already flat", now) }
            return halt(key, "reduce-only order rejected (-2022) while the position is open: close it by hand", now)
        case .notFound(let order):
            guard open else { return finish(key, .alreadyFlat, "order never arrived and the position is flat", now) }
            // The exchange never received it: the same client order id, once more, and only once —
            // unless the kill switch went on meanwhile (it stops every send, this one too).
            if killSwitch || killSwitchKeyPresent { return halt(key, "blocked by the kill switch", now) }
            guard incident.sends < 2, !rateLimited(now: now) else {
                return halt(key, "order not found twice; not sending again", now)
            }
            let i = set(key, .sending(order), sent: true, now: now)
            return [.persist(i), .send(order)]
        case .retrying(let order):
            guard open else { return finish(key, .alreadyFlat, "flat before the retry: nothing sent again", now) }
            if killSwitch || killSwitchKeyPresent { return halt(key, "blocked by the kill switch", now) }
            if rateLimited(now: now) { return halt(key, "rate limit: \(maxOrdersPerHour) emergency orders in the last hour", now) }
            let i = set(key, .sending(order), sent: true, now: now)
            return [.persist(i), .send(order)]
        case .sending, .unknownOutcome, .done, .halted:
            return []
        }
    }

    public mutating func orderAnswered(_ key: PositionKey, _ answer: OrderAnswer, now: WallTime) -> [Action] {
        guard let incident = incidents[key], case .sending(let order) = incident.phase else { return [] }
        switch answer {
        case .filled:
            return [.persist(set(key, .confirming(order), now: now)), .readPosition(key)]
        case .unknown:
            return [.persist(set(key, .unknownOutcome(order), now: now)),
                    .queryOrder(symbol: order.symbol, clientOrderID: order.clientOrderID)]
        case .notExecuted(let reason):
            // It did not reach the market: not a send that counts, a failure to retry after a pause.
            var i = incident
            i.sends -= 1
            i.failures += 1
            guard i.failures < Self.maxAttempts else {
                incidents[key] = i
                return halt(key, "order not executed \(i.failures) times (\(reason.prefix(80))): close it by hand", now)
            }
            i.phase = .retrying(order)
            incidents[key] = i
            let pause = Self.retryPause(i.failures)
            return [.persist(i), .notify(key, "order not executed (\(reason.prefix(80))); trying again in \(pause)"),
                    .wait(pause), .readPosition(key)]
        case .rejected(-2022, _):
            return [.persist(set(key, .reduceOnlyRejected(order), now: now)), .readPosition(key)]
        case .rejected(let code, let message):
            return halt(key, "order rejected (\(code)): \(message.prefix(120))", now)
        }
    }

    public mutating func orderQueried(_ key: PositionKey, _ answer: QueryAnswer, now: WallTime) -> [Action] {
        guard let incident = incidents[key], case .unknownOutcome(let order) = incident.phase else { return [] }
        switch answer {
        case .filled:
            return [.persist(set(key, .confirming(order), now: now)), .readPosition(key)]
        case .live, .failed:
            return [.queryOrder(symbol: order.symbol, clientOrderID: order.clientOrderID)]  // ask again (the service paces it)
        case .notFound:
            return [.persist(set(key, .notFound(order), now: now)), .readPosition(key)]
        }
    }

    mutating func finish(_ key: PositionKey, _ outcome: EmergencyIncident.Outcome, _ text: String, _ now: WallTime) -> [Action] {
        [.persist(set(key, .done(outcome), now: now)), .notify(key, text)]
    }

    mutating func halt(_ key: PositionKey, _ why: String, _ now: WallTime) -> [Action] {
        [.persist(set(key, .halted(why), now: now)), .notify(key, why)]
    }
}
