import Binance
import Redis
import WardenCore

extension EmergencyCloser {
    /// The end of a manual close (`warden close`).
    public struct ManualOutcome: Sendable, Hashable, CustomStringConvertible {
        public enum Result: Sendable, Hashable {
            /// Closed by the emergency order, or flat already.
            case closed
            /// Dry-run: the order that would have been sent.
            case dryRun
            /// Anything else: still open, halted, unknown; a person must look.
            case failed
        }

        public var result: Result
        public var text: String
        public var description: String { text }
    }

    /// Closes every open position of `symbol` through the same desk as the automatic path (kill
    /// switch, mode, rate limit, persistence, audit). Refuses when an incident for it is already
    /// open in Redis (the daemon may be in the middle of it).
    public func close(symbol: String, why: String) async -> ManualOutcome {
        let keys: [PositionKey]
        do {
            if try await binance.dualSidePosition() {
                keys = try await binance.positions(symbol: symbol).map(\.key)
                if keys.isEmpty { return ManualOutcome(result: .closed, text: "\(symbol): already flat on the exchange") }
            } else {
                keys = [PositionKey(symbol: symbol)]
            }
        } catch {
            return ManualOutcome(result: .failed, text: "\(symbol): cannot read the exchange: \(error)")
        }
        for key in keys {
            do {
                let saved = try await redis.command(["HGET", settings.incidentsKey, IncidentRecord.field(key)]).string
                if let saved, let i = IncidentRecord.decode(saved), i.isOpen {
                    return ManualOutcome(result: .failed, text: "\(key): an emergency incident is already open (\(i.phase)); not sending another")
                }
            } catch {
                return ManualOutcome(result: .failed, text: "\(key): cannot read the incidents from Redis: \(error)")
            }
        }
        guard await loadSends() else {
            return ManualOutcome(result: .failed, text: "\(symbol): cannot read the emergency sends of the last hour from Redis")
        }
        var lines: [String] = []
        var result = ManualOutcome.Result.closed
        for key in keys {
            await escalate(key, why: why)
            let (r, text) = Self.describe(desk.incidents[key])
            lines.append("\(key): \(text)")
            if r == .failed || (r == .dryRun && result == .closed) { result = r }
        }
        return ManualOutcome(result: result, text: lines.joined(separator: "\n"))
    }

    static func describe(_ incident: EmergencyIncident?) -> (ManualOutcome.Result, String) {
        guard let incident else { return (.failed, "no incident") }
        switch incident.phase {
        case .done(.closed(let id)): return (.closed, "closed by emergency order \(id)")
        case .done(.alreadyFlat): return (.closed, "already flat")
        case .done(.dryRun(let o)):
            return (.dryRun, "dry-run: would send MARKET \(o.side) \(o.quantity) \(o.positionSide.map { "positionSide=\($0)" } ?? "reduceOnly=true") clientOrderId=\(o.clientOrderID)")
        case .done(.notArmed): return (.failed, "emergency.mode is off: not closed")
        case .done(.partlyClosed(let r)): return (.failed, "partly closed: \(DecimalText.plain(r)) remains open")
        case .halted(let why): return (.failed, "halted: \(why)")
        default: return (.failed, "unresolved (\(incident.phase)); the daemon resumes it")
        }
    }
}
