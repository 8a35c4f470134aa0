/// Test-only fault injection, parsed from `WARDEN_FAILPOINTS` (`exit-check=stall,consumer=panic`),
/// in the manner of etcd's gofail and TiKV's fail-rs.
public enum FailpointAction: Sendable, Hashable {
    /// The loop stops making progress (sleeps until cancelled).
    case stall
    /// The process dies with a fatal error.
    case panic
    /// Each hit waits this long.
    case delay(Duration)

    /// Parses `name=action,…`; actions are `stall`, `panic`, `delay(<ms>)`. Unknown parts are problems.
    public static func parse(_ text: String) -> (points: [String: FailpointAction], problems: [String]) {
        var points: [String: FailpointAction] = [:]
        var problems: [String] = []
        for part in text.split(separator: ",") where !part.isEmpty {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, !kv[0].isEmpty else { problems.append("'\(part)' is not name=action"); continue }
            switch kv[1] {
            case "stall": points[kv[0]] = .stall
            case "panic": points[kv[0]] = .panic
            case let a where a.hasPrefix("delay(") && a.hasSuffix(")"):
                guard let ms = Int(a.dropFirst(6).dropLast()), ms >= 0 else { problems.append("'\(part)': bad delay"); continue }
                points[kv[0]] = .delay(.milliseconds(ms))
            default: problems.append("'\(part)': action must be stall, panic or delay(ms)")
            }
        }
        return (points, problems)
    }
}
