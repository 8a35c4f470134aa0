import Binance
import Logging
import Redis
import WardenCore

extension EmergencyCloser {
    /// Carries out `initial` and every action that follows from it, in order, for one position.
    /// Bounded: at most 100 steps and ``Settings/maxQueries`` paced queries; a `persist` that
    /// fails stops the chain, so nothing is ever sent without its record.
    func drive(_ key: PositionKey, _ initial: [EmergencyDesk.Action]) async {
        guard !initial.isEmpty else { return }
        busy.insert(key)
        defer { busy.remove(key) }
        var queue = initial
        var steps = 0, queries = 0
        while !queue.isEmpty, steps < 100 {
            steps += 1
            switch queue.removeFirst() {
            case .persist(let incident):
                guard await persist(incident) else {
                    // Back to what Redis holds, so resume() starts again from there; nothing was sent.
                    if let last = persisted[key] { _ = desk.restore([last]) }
                    await notice(key, "cannot persist the incident in Redis: not going on (nothing sent)")
                    return
                }
                persisted[key] = incident
            case .readPosition(let k):
                queue += await readPosition(k)
            case .send(let order):
                guard await recordSend(order) else {
                    // Not sent. Redis already holds it as being sent, which a restart resolves by
                    // querying the order first; do the same here (never a blind send).
                    await notice(key, "cannot record the send in Redis: not sent; the order is looked up before any send")
                    queue = desk.orderAnswered(key, .unknown, now: Self.now())
                    continue
                }
                ordersSent += 1
                await audit(key, order, outcome: "sending")
                let answer = await binance.newOrder(order)
                await audit(key, order, outcome: Self.text(answer))
                queue += desk.orderAnswered(key, answer, now: Self.now())
            case .queryOrder(let symbol, let id):
                queries += 1
                guard queries <= settings.maxQueries else {
                    await notice(key, "order \(id) still unresolved after \(settings.maxQueries) queries; will ask again later")
                    return
                }
                if queries > 1 { await Pause.for(settings.queryPause) }
                let answer = await binance.queryOrder(symbol: symbol, origClientOrderId: id)
                if let order = desk.incidents[key]?.order { await audit(key, order, outcome: "query: \(answer)") }
                queue += desk.orderQueried(key, answer, now: Self.now())
            case .notify(let k, let text):
                await notice(k, text)
            case .wait(let pause):
                await Pause.for(pause)
            }
        }
    }

    /// Carries out restored actions, grouped by the position they belong to.
    func run(_ actions: [EmergencyDesk.Action]) async {
        var groups: [(PositionKey, [EmergencyDesk.Action])] = []
        for action in actions {
            let key: PositionKey? = switch action {
            case .persist(let i): i.key
            case .readPosition(let k), .notify(let k, _): k
            case .send, .queryOrder, .wait: nil
            }
            if let key, groups.last?.0 != key { groups.append((key, [])) }
            if !groups.isEmpty { groups[groups.count - 1].1.append(action) }
        }
        for (key, group) in groups { await drive(key, group) }
    }

    /// Reads the kill-switch key and the position fresh, then asks the desk. A failed read
    /// leaves the incident where it is (``resume()`` tries again).
    func readPosition(_ key: PositionKey) async -> [EmergencyDesk.Action] {
        let killed: Bool
        do {
            killed = (try await redis.command(["EXISTS", settings.killSwitchKey]).int ?? 1) > 0
        } catch {
            await notice(key, "cannot read the kill switch (\(error.reason)): not deciding")
            return []
        }
        let position: ExchangePosition?
        do {
            position = try await binance.position(key)
        } catch {
            await notice(key, "cannot read the position (\(error.reason.rawValue)): will try again")
            return []
        }
        if let position, position.quantity > 0, filters[key.symbol] == nil {
            do {
                filters = try await binance.lotFilters()
            } catch {
                await notice(key, "cannot read exchangeInfo (\(error.reason.rawValue)): will try again")
                return []
            }
        }
        return desk.positionRead(key, position, filter: filters[key.symbol], hedgeMode: key.hedgeSide != nil,
                                 killSwitchKeyPresent: killed, now: Self.now())
    }

    func persist(_ incident: EmergencyIncident) async -> Bool {
        do {
            _ = try await redis.command(["HSET", settings.incidentsKey, IncidentRecord.field(incident.key),
                                         IncidentRecord.encode(incident)])
            return true
        } catch {
            logger.error("cannot persist emergency incident", metadata: ["symbol": "\(incident.key.symbol)", "error": "\(error)"])
            return false
        }
    }

    func notice(_ key: PositionKey, _ text: String) async {
        lastOutcome = "\(key): \(text)"
        logger.critical("emergency close: \(text)", metadata: [
            "warden.event": "EMERGENCY_CLOSE", "symbol": "\(key.symbol)", "position": "\(key)",
        ])
        let fields = [("symbol", key.symbol), ("position", key.description), ("outcome", text)]
        do {
            _ = try await redis.command(Self.auditCommand(settings.auditStream, fields))
        } catch {
            logger.error("cannot audit emergency action", metadata: ["error": "\(error)"])
        }
        onNotice?(key, text)
    }

    func audit(_ key: PositionKey, _ order: EmergencyOrder, outcome: String) async {
        logger.warning("emergency order \(outcome)", metadata: [
            "warden.event": "EMERGENCY_CLOSE", "symbol": "\(order.symbol)", "side": "\(order.side)",
            "quantity": "\(order.quantity)", "client_order_id": "\(order.clientOrderID)",
        ])
        let fields = [("symbol", order.symbol), ("position", key.description), ("side", order.side),
                      ("quantity", order.quantity), ("type", "MARKET"), ("client_order_id", order.clientOrderID),
                      ("position_side", order.positionSide ?? "BOTH"), ("reduce_only", order.positionSide == nil ? "true" : "false"),
                      ("outcome", outcome)]
        do {
            _ = try await redis.command(Self.auditCommand(settings.auditStream, fields))
        } catch {
            logger.error("cannot audit emergency action", metadata: ["error": "\(error)"])
        }
    }

    static func auditCommand(_ stream: String, _ fields: [(String, String)]) -> [String] {
        ["XADD", stream, "MAXLEN", "~", "100000", "*", "event", "emergency_close", "source", "warden"]
            + fields.flatMap { [$0.0, $0.1] }
    }

    static func text(_ answer: EmergencyDesk.OrderAnswer) -> String {
        switch answer {
        case .filled(let id): "filled (order \(id))"
        case .unknown: "unknown outcome"
        case .notExecuted(let reason): "not executed: \(reason.prefix(120))"
        case .rejected(let code, let message): "rejected \(code): \(message.prefix(120))"
        }
    }
}
