import Testing
import WardenCore

struct MetricsTextTests {
    @Test
    func everySupervisorStateAndCounterIsExposed() {
        let r = HealthReport(status: .degraded, trackedPositions: 3, tpHits: 2, slHits: 1, emergencyCloses: 1,
                             loopAges: ["exit-check": 0.5], supervisors: ["SafeModeStuck": "firing", "StaleStream": "ok"],
                             counters: ["dead_letters": 7])
        let text = MetricsText.render(r)
        for line in [
            #"warden_health_status{status="degraded"} 1"#, #"warden_health_status{status="healthy"} 0"#,
            "warden_exit_tracked_positions 3", #"warden_exit_intents_total{reason="tp_hit"} 2"#,
            "warden_emergency_closes_total 1", #"warden_supervisor_state{alert="SafeModeStuck",state="firing"} 1"#,
            #"warden_supervisor_state{alert="SafeModeStuck",state="ok"} 0"#, #"warden_supervisor_state{alert="StaleStream",state="ok"} 1"#,
            #"warden_loop_progress_age_seconds{loop="exit-check"} 0.5"#, #"warden_counter_total{name="dead_letters"} 7"#,
        ] {
            #expect(text.split(separator: "\n").contains(Substring(line)), "missing \(line)")
        }
        // Every sample line belongs to a family declared with HELP and TYPE.
        let families = Set(text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] })
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let name = line.prefix { $0 != "{" && $0 != " " }
            #expect(families.contains(name), "\(name) has no TYPE line")
        }
    }
}
