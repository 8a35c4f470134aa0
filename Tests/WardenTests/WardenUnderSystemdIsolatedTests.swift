import Foundation
import Testing
import WardenTestSupport

/// Warden under a real systemd 252 (PID 1 in fresh namespaces, with dbus and journald), run from
/// the shipped `units/warden.service` with `WatchdogSec=2`: READY, the gated watchdog, a frozen
/// Redis, a clean stop, and the journal fields. Needs root; skipped (loudly) otherwise.
/// "Isolated" in the name: `make test` runs it alone, one suite at a time. away from CPU-heavy suites.
@Suite(.serialized, .timeLimit(.minutes(3)),
       .enabled("needs root and namespaces to boot systemd") { WardenUnderSystemd.sandboxAvailable() })
struct WardenUnderSystemdIsolatedTests {
    static let executionStream = "quantum:stream:trade.execution.res"

    @Test
    func readyOverNotifyWithStatusAndAFlowingHeartbeat() async throws {
        try await WardenUnderSystemd.run { warden in
            let ready = try await warden.awaitActive()
            #expect(ready["SubState"] == "running")
            #expect(ready["StatusText"]?.isEmpty == false, "StatusText: \(ready)")
            #expect(ready["WatchdogUSec"] == "2000000")
            // Past 1.5 watchdog periods: still running, never restarted, pings still arriving.
            let first = UInt64(try await warden.state()["WatchdogTimestampMonotonic"] ?? "") ?? 0
            try await Task.sleep(for: .seconds(3))
            let later = try await warden.state()
            #expect(later["ActiveState"] == "active" && later["NRestarts"] == "0", "\(later)")
            #expect(first > 0 && (UInt64(later["WatchdogTimestampMonotonic"] ?? "") ?? 0) > first, "no WATCHDOG=1 since \(first): \(later)")
            #expect(later["StatusText"]?.hasPrefix("positions 0; exits 0") == true, "\(later)")
        }
    }

    @Test
    func structuredFieldsReachTheJournal() async throws {
        try await WardenUnderSystemd.run { warden in
            try await warden.awaitActive()
            let entries = try await WardenUnderSystemd.eventually("a WARDEN_EVENT=READY journal entry", within: .seconds(5)) {
                let e = try await warden.journalEntries(["_SYSTEMD_UNIT=warden.service", "WARDEN_EVENT=READY"])
                return e.isEmpty ? nil : e
            }
            let ready = try #require(entries.first)
            #expect(ready["SYSLOG_IDENTIFIER"] as? String == "warden")
            #expect(ready["WARDEN_EVENT"] as? String == "READY")
            #expect(ready["WARDEN_SERVICE"] as? String == "readiness")
            #expect(ready["MESSAGE"] as? String == "ready")
            #expect(ready["PRIORITY"] as? String == "5")
            // Sent with sd_journal_sendv, not parsed from stderr text.
            #expect(ready["_TRANSPORT"] as? String == "journal")
            #expect(ready["_UID"] as? String != "0", "runs as User=warden")
        }
    }

    @Test
    func stalledLoopIsKilledByTheWatchdogAndRestarted() async throws {
        try await WardenUnderSystemd.run(environment: ["WARDEN_FAILPOINTS=exit-check=stall"]) { warden in
            try await warden.awaitActive()
            // exit-check's deadline is 10 s, then WatchdogSec=2, then RestartSec=5s.
            var sawLate = false
            var killed: [String: String]?
            let restarted = try await WardenUnderSystemd.eventually("NRestarts >= 1", within: .seconds(40)) {
                let s = try await warden.state()
                if s["StatusText"]?.hasPrefix("LATE: exit-check") == true { sawLate = true }
                // Result=watchdog is set when the watchdog fires, before the process has died: wait
                // for the exit to be recorded (seen once: Result=watchdog with ExecMainCode still 0).
                if killed == nil, s["Result"] == "watchdog", (s["ExecMainCode"] ?? "0") != "0" { killed = s }
                return (Int(s["NRestarts"] ?? "") ?? 0) >= 1 ? s : nil
            }
            #expect(sawLate, "STATUS= never named the late loop")
            let gap = try #require(killed, "Result=watchdog was never seen before the restart: \(restarted)")
            // Killed by the SIGABRT itself (CLD_KILLED or CLD_DUMPED, signal 6), not SIGKILL after TimeoutAbortSec.
            #expect(["2", "3"].contains(gap["ExecMainCode"]) && gap["ExecMainStatus"] == "6", "\(gap)")
            let console = warden.sandbox.consoleLog
            #expect(console.contains("warden.service: Watchdog timeout (limit 2s)!"))
            #expect(!console.contains("State 'stop-watchdog' timed out"))
            let withheld = try await warden.journalEntries(["_SYSTEMD_UNIT=warden.service", "WARDEN_EVENT=HEARTBEAT_WITHHELD"])
            #expect(withheld.first?["LOOP"] as? String == "exit-check")
        }
    }

    @Test
    func frozenRedisDegradesHealthWithoutARestartAndLosesNothing() async throws {
        try await WardenUnderSystemd.run { warden in
            try await warden.awaitActive()
            _ = try await WardenUnderSystemd.eventually("/health healthy", within: .seconds(10)) {
                try await warden.health()?["status"] as? String == "healthy" ? true : nil
            }
            let count = 40
            let frozen = ContinuousClock.now
            warden.redis.pause()
            // A producer writes while Redis is frozen: its commands wait in the socket, as a real
            // producer's would, and land the moment Redis resumes, while Warden is reconnecting.
            async let produced = warden.produceFills(count, after: .seconds(3))
            var samples: [(status: String, reasons: [String])] = []
            var unanswered = 0
            while ContinuousClock.now - frozen < .seconds(10) {
                if let h = try await warden.health() {
                    samples.append((h["status"] as? String ?? "?", h["reasons"] as? [String] ?? []))
                } else {
                    unanswered += 1
                }
                try await Task.sleep(for: .milliseconds(500))
            }
            warden.redis.resume()
            let producer = try await produced
            #expect(producer.contains("errors: 0, replies: \(count)"), "redis-cli --pipe: \(producer)")
            #expect(unanswered == 0, "/health did not answer \(unanswered) times while Redis was frozen")
            #expect(samples.contains { $0.status == "degraded" && $0.reasons.contains("execution-consumer: dependency unavailable") },
                    "\(samples)")
            #expect(!samples.contains { $0.status == "unhealthy" }, "\(samples)")

            // Every entry reached Warden's group (the producer lost nothing)...
            let delivered = try await WardenUnderSystemd.waitUntil("every entry delivered to the group", within: .seconds(10)) {
                let g = try await warden.groupInfo(stream: Self.executionStream)
                return (g, g["entries-read"] == "\(count)" && g["lag"] == "0")
            }
            #expect(delivered["consumers"] == "1", "\(delivered)")
            // ...and every one is applied and acknowledged, with no restart needed.
            // Redis runs the XREADGROUP … > that Warden sent on connections it gave up on during the
            // freeze and delivers entries to them; the consumer re-reads its own pending entries after
            // an outage, so none stays pending.
            let group = try await WardenUnderSystemd.waitUntil("every entry acknowledged", within: .seconds(8)) {
                let g = try await warden.groupInfo(stream: Self.executionStream)
                return (g, g["pending"] == "0")
            }
            #expect(group["pending"] == "0")
            _ = try await WardenUnderSystemd.eventually("/health healthy again", within: .seconds(10)) {
                try await warden.health()?["status"] as? String == "healthy" ? true : nil
            }
            let s = try await warden.state()
            #expect(s["NRestarts"] == "0" && s["ActiveState"] == "active", "\(s)")
        }
    }

    @Test
    func stopEndsCleanlyWithinTimeoutStopSec() async throws {
        try await WardenUnderSystemd.run { warden in
            try await warden.awaitActive()
            let start = ContinuousClock.now
            try await warden.sandbox.stop(unit: WardenUnderSystemd.unit)
            let end = try await WardenUnderSystemd.eventually("the unit to stop", within: .seconds(25)) {
                let s = try await warden.state()
                return ["inactive", "failed"].contains(s["ActiveState"]) ? s : nil
            }
            let took = ContinuousClock.now - start
            #expect(end["ActiveState"] == "inactive" && end["Result"] == "success", "\(end)")
            #expect(took < .seconds(20), "stop took \(took)")
            // Every loop's wait ends when shutdown starts (a 60 s bootstrap interval once held it 15 s).
            #expect(took < .seconds(10), "stop took \(took)")
            let stopping = try await warden.journalEntries(["_SYSTEMD_UNIT=warden.service", "WARDEN_EVENT=STOPPING"])
            #expect(stopping.first?["MESSAGE"] as? String == "stopping")
            let console = warden.sandbox.consoleLog
            #expect(console.contains("]: stopping"), "Warden's stopping line is not on the console")
            #expect(!console.contains("State 'stop-sigterm' timed out"))
        }
    }
}

extension WardenUnderSystemd {
    /// After `delay`, writes `count` valid fills with one `redis-cli --pipe`, and returns its report.
    func produceFills(_ count: Int, after delay: Duration) async throws -> String {
        try await Task.sleep(for: delay)
        var resp = ""
        for i in 0..<count {
            let args = ["XADD", WardenUnderSystemdIsolatedTests.executionStream, "*", "symbol", "SBX\(i)USDT", "action", "BUY",
                        "status", "FILLED", "entry_price", "100.5", "quantity", "0.2", "leverage", "3",
                        "order_id", "sandbox-\(i)", "timestamp", "2026-01-01T00:00:00Z"]
            resp += "*\(args.count)\r\n" + args.map { "$\($0.utf8.count)\r\n\($0)\r\n" }.joined()
        }
        return try await redisCLI(["--pipe"], input: resp, timeout: .seconds(30))
    }
}
