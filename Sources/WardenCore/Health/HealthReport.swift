/// What `GET /health` answers: counters, the book's size, each loop's progress and each
/// supervisor's state. Field names are binding (DESIGN.md).
public struct HealthReport: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case healthy, degraded, unhealthy
    }

    public var status: Status
    public var trackedPositions: Int
    public var exitsTriggered: Int
    public var tpHits: Int
    public var slHits: Int
    public var trailingHits: Int
    public var emergencyCloses: Int
    public var lastCheckTime: WallTime?
    /// Why the status is not healthy, one short phrase each.
    public var reasons: [String]
    /// Seconds since each critical loop last reported progress.
    public var loopAges: [String: Double]
    /// Each supervisor's state (`ok`, `firing`, `unknown`, …) by name.
    public var supervisors: [String: String]
    /// Other counters (dead letters, decode rejects by reason, …).
    public var counters: [String: Int]

    public init(status: Status = .healthy, trackedPositions: Int = 0, exitsTriggered: Int = 0, tpHits: Int = 0,
                slHits: Int = 0, trailingHits: Int = 0, emergencyCloses: Int = 0, lastCheckTime: WallTime? = nil,
                reasons: [String] = [], loopAges: [String: Double] = [:], supervisors: [String: String] = [:],
                counters: [String: Int] = [:]) {
        self.status = status
        self.trackedPositions = trackedPositions
        self.exitsTriggered = exitsTriggered
        self.tpHits = tpHits
        self.slHits = slHits
        self.trailingHits = trailingHits
        self.emergencyCloses = emergencyCloses
        self.lastCheckTime = lastCheckTime
        self.reasons = reasons
        self.loopAges = loopAges
        self.supervisors = supervisors
        self.counters = counters
    }

    /// The JSON body.
    public var json: JSONValue {
        .object([
            "status": .string(status.rawValue),
            "tracked_positions": .number(Double(trackedPositions)),
            "exits_triggered": .number(Double(exitsTriggered)),
            "tp_hits": .number(Double(tpHits)),
            "sl_hits": .number(Double(slHits)),
            "trailing_hits": .number(Double(trailingHits)),
            "emergency_closes": .number(Double(emergencyCloses)),
            "last_check_time": lastCheckTime.map { .string($0.iso8601) } ?? .null,
            "reasons": .array(reasons.map(JSONValue.string)),
            "loops": .object(loopAges.mapValues { .number(($0 * 1000).rounded() / 1000) }),
            "supervisors": .object(supervisors.mapValues(JSONValue.string)),
            "counters": .object(counters.mapValues { .number(Double($0)) }),
        ])
    }

    /// Parses a `/health` body back (for `warden status`); nil if it is not one.
    public static func parse(_ body: [UInt8]) -> HealthReport? {
        guard let v = JSONValue.parse(body), let status = v["status"]?.stringValue.flatMap(Status.init(rawValue:)) else { return nil }
        func int(_ k: String) -> Int { Int(v[k]?.double ?? 0) }
        var report = HealthReport(status: status, trackedPositions: int("tracked_positions"), exitsTriggered: int("exits_triggered"),
                                  tpHits: int("tp_hits"), slHits: int("sl_hits"), trailingHits: int("trailing_hits"),
                                  emergencyCloses: int("emergency_closes"))
        if case .array(let r)? = v["reasons"] { report.reasons = r.compactMap(\.stringValue) }
        if case .object(let l)? = v["loops"] { report.loopAges = l.compactMapValues(\.double) }
        if case .object(let s)? = v["supervisors"] { report.supervisors = s.compactMapValues(\.stringValue) }
        if case .object(let c)? = v["counters"] { report.counters = c.compactMapValues { $0.double.map { Int($0) } } }
        return report
    }
}
