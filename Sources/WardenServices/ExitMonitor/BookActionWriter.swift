public import Logging
public import Redis
public import WardenCore

/// Carries out the book's actions on Redis — close intents, audit entries, persisted metadata —
/// in one pipeline per batch, then logs what was done (one line per event, never per tick).
public struct BookActionWriter: Sendable {
    /// The Redis hash holding each position's own metadata (levels, water mark, exit in progress).
    public static let positionsKey = "warden:exit_monitor:positions"

    let streams: StreamNames
    let logger: Logger
    /// Told of every position whose exit path broke (the failsafe's ``EmergencyCloser/submit(_:why:)``).
    let escalate: @Sendable (PositionKey, String) -> Void

    public init(streams: StreamNames, logger: Logger, escalate: @escaping @Sendable (PositionKey, String) -> Void = { _, _ in }) {
        self.streams = streams
        self.logger = logger
        self.escalate = escalate
    }

    /// Redis commands for `actions`, in order. Consecutive metadata writes become one multi-field
    /// HSET (fields set in order, so a later write of the same position wins, as before): a batch
    /// of 500 fills is one command, not 500.
    public func commands(for actions: [PositionBook.Action]) -> [[String]] {
        var out: [[String]] = []
        for action in actions {
            switch action {
            case .tracked(let p), .updated(let p):
                if out.last?.first == "HSET" {
                    out[out.count - 1] += [p.key.description, PositionRecord.encode(p)]
                } else {
                    out.append(["HSET", Self.positionsKey, p.key.description, PositionRecord.encode(p)])
                }
            case .removed(let p, _):
                out.append(["HDEL", Self.positionsKey, p.key.description])
            case .sendIntent(let i), .resendIntent(let i):
                out.append(["XADD", streams.tradeIntent, "*"] + i.fields.flatMap { [$0.0, $0.1] })
                out.append(audit(event: "exit_sent", [
                    ("symbol", i.symbol), ("exit_reason", i.reason.rawValue), ("action", i.action),
                    ("quantity", DecimalText.plain(i.quantity)), ("price", DecimalText.plain(i.triggerPrice)),
                    ("order_id", i.openingOrderID), ("intent_id", i.intentID), ("timestamp", i.at.iso8601),
                ]))
            case .exitPathBroken(let p):
                out.append(audit(event: "exit_path_broken", [
                    ("symbol", p.symbol), ("exit_reason", p.exit?.reason.rawValue ?? ""),
                    ("quantity", DecimalText.plain(p.quantity)), ("order_id", p.openingOrderID),
                ]))
            }
        }
        return out
    }

    func audit(event: String, _ fields: [(String, String)]) -> [String] {
        ["XADD", streams.audit, "MAXLEN", "~", "100000", "*", "event", event, "source", "warden"] + fields.flatMap { [$0.0, $0.1] }
    }

    /// Writes `actions` (plus `extra` commands, e.g. dead letters and the XACK, last) in one
    /// pipeline; logs the events once it succeeded. A server error on any command throws, so the
    /// caller does not acknowledge what was not written.
    public func write(_ actions: [PositionBook.Action], extra: [[String]] = [], on redis: RedisClient) async throws(WriteFailure) {
        let cmds = commands(for: actions) + extra
        guard !cmds.isEmpty else { return }
        let replies: [RedisValue]
        do {
            replies = try await redis.pipeline(cmds)
        } catch {
            throw .redis(error)
        }
        for (i, reply) in replies.enumerated() {
            if case .error(let message) = reply { throw .rejected(command: cmds[i].first ?? "?", message: message) }
        }
        log(actions)
    }

    /// One line per event; `warden.event` becomes the journald field WARDEN_EVENT.
    public func log(_ actions: [PositionBook.Action]) {
        let debug = logger.logLevel <= .debug  // asked once: a batch of fills is 500 debug lines not written
        for action in actions {
            switch action {
            case .sendIntent(let i):
                logger.notice("close intent sent", metadata: [
                    "warden.event": "EXIT_SENT", "symbol": "\(i.symbol)", "exit_reason": "\(i.reason.rawValue)",
                    "price": "\(DecimalText.plain(i.triggerPrice))", "quantity": "\(DecimalText.plain(i.quantity))",
                    "intent_id": "\(i.intentID)"])
            case .resendIntent(let i):
                logger.warning("close intent not confirmed in time; sent once more", metadata: [
                    "warden.event": "EXIT_RESENT", "symbol": "\(i.symbol)", "exit_reason": "\(i.reason.rawValue)",
                    "intent_id": "\(i.intentID)"])
            case .exitPathBroken(let p):
                logger.critical("exit path broken: position still open after the re-sent close intent", metadata: [
                    "warden.event": "EXIT_PATH_BROKEN", "symbol": "\(p.symbol)"])
                escalate(p.key, "exit path broken: \(p.exit?.reason.rawValue ?? "exit") intent and its re-send unconfirmed")
            case .removed(let p, let why):
                logger.info("position left the book", metadata: [
                    "warden.event": "POSITION_CLOSED", "symbol": "\(p.key)", "why": "\(why.rawValue)"])
            case .tracked(let p):
                // Debug: a backlog of 100,000 fills must not be 100,000 journal lines.
                guard debug else { continue }
                logger.debug("position tracked", metadata: [
                    "warden.event": "POSITION_TRACKED", "symbol": "\(p.key)", "side": "\(p.side.rawValue)",
                    "take_profit": "\(DecimalText.plain(p.takeProfit))", "stop_loss": "\(DecimalText.plain(p.stopLoss))"])
            case .updated:
                continue
            }
        }
    }
}

/// Why a batch of writes did not all land.
public enum WriteFailure: Error, CustomStringConvertible {
    /// Redis could not be reached or the connection broke: nothing can be assumed written.
    case redis(Redis.Error)
    /// Redis answered a command with an error.
    case rejected(command: String, message: String)

    /// Metric-safe code.
    public var reason: String {
        switch self {
        case .redis(let e): e.reason
        case .rejected: "server_error"
        }
    }

    public var description: String {
        switch self {
        case .redis(let e): "\(e)"
        case .rejected(let command, let message): "\(command) rejected: \(message.prefix(200))"
        }
    }
}
