/// The `/metrics` page in the Prometheus text format (0.0.4), rendered from the health report:
/// every supervisor's state, the exit counters, each loop's progress age and the counters.
/// Names follow `warden_<subsystem>_<name>_<unit>`; label values come from fixed sets.
public enum MetricsText {
    public static func render(_ r: HealthReport) -> String {
        var out = ""
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: Double)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for s in samples { out += "\(name)\(s.labels) \(plain(s.value))\n" }
        }
        family("warden_health_status", "gauge", "1 for the current health status.",
               ["healthy", "degraded", "unhealthy"].map { (#"{status="\#($0)"}"#, r.status.rawValue == $0 ? 1 : 0) })
        family("warden_exit_tracked_positions", "gauge", "Positions in the book.", [("", Double(r.trackedPositions))])
        family("warden_exit_intents_total", "counter", "Close intents sent, by exit reason.", [
            (#"{reason="tp_hit"}"#, Double(r.tpHits)), (#"{reason="sl_hit"}"#, Double(r.slHits)),
            (#"{reason="trailing_stop"}"#, Double(r.trailingHits)),
        ])
        family("warden_emergency_closes_total", "counter", "Emergency orders sent by the failsafe.", [("", Double(r.emergencyCloses))])
        let states = ["ok", "pending", "firing", "unknown"]
        family("warden_supervisor_state", "gauge", "1 for each supervisor's current state.",
               r.supervisors.keys.sorted().flatMap { name in
                   states.map { (#"{alert="\#(escape(name))",state="\#($0)"}"#, r.supervisors[name] == $0 ? 1.0 : 0.0) }
               })
        family("warden_loop_progress_age_seconds", "gauge", "Seconds since each critical loop last reported progress.",
               r.loopAges.keys.sorted().map { (#"{loop="\#(escape($0))"}"#, r.loopAges[$0]!) })
        family("warden_counter_total", "counter", "Warden's other counters (dead letters, rejects by reason, route deliveries…).",
               r.counters.keys.sorted().map { (#"{name="\#(escape($0))"}"#, Double(r.counters[$0]!)) })
        return out
    }

    static func plain(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }
}
