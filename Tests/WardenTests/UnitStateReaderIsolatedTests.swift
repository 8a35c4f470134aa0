import Foundation
import Systemd
import Testing
import WardenCore
import WardenTestSupport

/// `UnitStateReader` and `JournalReader` against a real systemd 252 and systemd-journald in a
/// sandbox (`SystemdSandbox`), read from the host over the nested bus and journal directory.
/// Needs root; skipped (loudly) otherwise. "Isolated" in the name: `make test` runs it alone, one suite at a time.
@Suite(.serialized, .timeLimit(.minutes(3)),
       .enabled("needs root and namespaces to boot systemd") { unitStateSandboxAvailable() })
struct UnitStateReaderIsolatedTests {
    /// Fails at once, writing one info line to stdout and one err line (`<3>` prefix) to stderr.
    static let crashing = """
        [Unit]
        StartLimitIntervalSec=0
        [Service]
        ExecStart=/bin/sh -c "echo 'starting up 7'; echo '<3>boom 123' >&2; exit 1"
        Restart=always
        RestartSec=200ms
        """

    @Test
    func crashLoopRaisesNRestartsFiresRestartStormAndLogsErrLines() async throws {
        try await Self.withSandbox { sandbox in
            try await sandbox.install(unit: "crashy.service", contents: Self.crashing)
            let journal = JournalReader(units: ["crashy.service"], directory: try await Self.journalDirectory(sandbox))
            try await journal.open()
            let reader = UnitStateReader(busAddress: sandbox.busAddress)
            var storm = RestartStormEvaluator(unit: "crashy.service",
                                              rules: .init(maxRestarts: 3, window: .seconds(60), severity: .warning))
            let baseline = try await reader.state(of: "crashy.service")
            #expect(baseline.nRestarts == 0 && baseline.activeState == "inactive", "\(baseline)")
            _ = storm.evaluate(Self.sample(baseline), now: Self.now())

            try await sandbox.start(unit: "crashy.service")
            var observations: [Observation] = []
            var results: Set<String> = []
            let stormy = try await WardenUnderSystemd.waitUntil("NRestarts > 3", within: .seconds(10)) {
                let state = try await reader.state(of: "crashy.service")
                results.insert(state.result)
                observations = storm.evaluate(Self.sample(state), now: Self.now())
                return (state, state.nRestarts > 3)
            }
            #expect(stormy.activeState != "failed", "\(stormy)")
            // Result is `exit-code` between runs and back to `success` while the next one starts.
            #expect(results.isSubset(of: ["success", "exit-code"]) && results.contains("exit-code"), "\(results)")
            #expect(storm.restartsInWindow == Int(stormy.nRestarts))
            guard case .bad(let summary, let severity) = observations.first?.condition else {
                Issue.record("RestartStorm did not fire: \(observations)")
                return
            }
            #expect(severity == .warning)
            #expect(summary.contains("crashy.service restarted"), "\(summary)")

            var errors: [JournalEntry] = []
            do {
                _ = try await WardenUnderSystemd.eventually("4 err lines in the journal", within: .seconds(5)) {
                    errors += try await journal.next(max: 100, waitingUpTo: .milliseconds(200))
                    return errors.count >= 4 ? true : nil
                }
            } catch {
                let seen = try await sandbox.journal(["_SYSTEMD_UNIT=crashy.service", "-o", "verbose", "-n", "4"])
                Issue.record("\(error); read \(errors); journalctl shows:\n\(seen)")
            }
            for entry in errors {
                #expect(entry.unit == "crashy.service" && entry.priority == 3 && entry.message == "boom 123", "\(entry)")
            }
            let now = UInt64(Date().timeIntervalSince1970 * 1_000_000)
            #expect(errors.allSatisfy { $0.realtimeMicroseconds <= now && now - $0.realtimeMicroseconds < 60_000_000 })
            // The info line on stdout reached the journal too, and was filtered out.
            let info = try await sandbox.journal(["_SYSTEMD_UNIT=crashy.service", "PRIORITY=6", "-o", "cat"])
            #expect(info.contains("starting up 7"), "\(info)")

            try await sandbox.stop(unit: "crashy.service")
            _ = try await WardenUnderSystemd.waitUntil("crashy.service stopped", within: .seconds(10)) {
                let state = try await reader.state(of: "crashy.service")
                return (state, state.activeState == "inactive")
            }
            // A reader opened now starts at the tail: none of the earlier lines, and a wait for
            // new ones ends on time.
            let late = JournalReader(units: ["crashy.service"], directory: try await Self.journalDirectory(sandbox))
            try await late.open()
            let started = ContinuousClock.now
            let none = try await late.next(max: 100, waitingUpTo: .milliseconds(300))
            let waited = ContinuousClock.now - started
            #expect(none.isEmpty, "\(none)")
            #expect(waited >= .milliseconds(250) && waited < .seconds(2), "\(waited)")
        }
    }

    @Test
    func unitThatExitsWithoutRestartIsFailedAndCritical() async throws {
        try await Self.withSandbox { sandbox in
            try await sandbox.install(unit: "once.service", contents: """
                [Service]
                ExecStart=/bin/sh -c "exit 1"
                Restart=no
                """)
            let reader = UnitStateReader(busAddress: sandbox.busAddress)
            var storm = RestartStormEvaluator(unit: "once.service")
            try await sandbox.start(unit: "once.service")
            let failed = try await WardenUnderSystemd.waitUntil("once.service failed", within: .seconds(10)) {
                let state = try await reader.state(of: "once.service")
                return (state, state.activeState == "failed")
            }
            #expect(failed.subState == "failed" && failed.result == "exit-code" && failed.nRestarts == 0, "\(failed)")
            let observations = storm.evaluate(Self.sample(failed), now: Self.now())
            guard case .bad(_, let severity) = observations.first?.condition else {
                Issue.record("a failed unit did not fire RestartStorm: \(observations)")
                return
            }
            #expect(severity == .critical)
        }
    }

    @Test
    func unknownUnitIsNotFound() async throws {
        try await Self.withSandbox { sandbox in
            let reader = UnitStateReader(busAddress: sandbox.busAddress)
            let error = try await #require(throws: UnitStateReader.Error.self) {
                try await reader.state(of: "no-such-unit.service")
            }
            #expect(error == .unitNotFound(unit: "no-such-unit.service"))
            #expect(error.reason == "unit_not_found")
        }
    }

    @Test
    func readerReconnectsAfterTheBusRestarts() async throws {
        try await Self.withSandbox { sandbox in
            try await sandbox.install(unit: "idle.service", contents: "[Service]\nExecStart=/bin/sleep 600\n")
            try await sandbox.start(unit: "idle.service")
            let reader = UnitStateReader(busAddress: sandbox.busAddress)
            _ = try await WardenUnderSystemd.waitUntil("idle.service active", within: .seconds(10)) {
                let state = try await reader.state(of: "idle.service")
                return (state, state.activeState == "active")
            }
            let busBefore = try await reader.state(of: "dbus.service")
            let pidBefore = try await sandbox.serviceProperty("dbus.service", "MainPID")
            let restart = try await sandbox.inside(["systemctl", "restart", "dbus.service"])
            #expect(restart.status == 0, "\(restart)")
            let pidAfter = try await sandbox.serviceProperty("dbus.service", "MainPID")
            #expect(busBefore.activeState == "active" && pidBefore != pidAfter, "dbus-daemon was not replaced: \(pidBefore) → \(pidAfter)")
            var failures: [String] = []
            let again = try await WardenUnderSystemd.waitUntil("a read after the bus restart", within: .seconds(15)) { () async throws -> (value: UnitState?, done: Bool) in
                do {
                    return (try await reader.state(of: "idle.service"), true)
                } catch {
                    failures.append((error as? UnitStateReader.Error)?.reason ?? "\(error)")
                    return (nil, false)
                }
            }
            #expect(again?.activeState == "active", "failures before reconnecting: \(failures)")
        }
    }

    // MARK: - Helpers

    static func withSandbox(_ body: (SystemdSandbox) async throws -> Void) async throws {
        let sandbox = try await SystemdSandbox.boot(journal: true)
        do {
            try await body(sandbox)
        } catch {
            WardenUnderSystemd.printConsoleTail(sandbox)
            await sandbox.shutdown()
            throw error
        }
        await sandbox.shutdown()
    }

    /// The sandbox journal's directory, once systemd-journald has created it (it does so on its
    /// own schedule after boot: opening it earlier failed with ENOENT once in CI-like load).
    static func journalDirectory(_ sandbox: SystemdSandbox) async throws -> String {
        let path = sandbox.directory.appendingPathComponent("run/log/journal").path
        _ = try await WardenUnderSystemd.eventually("journald's directory", within: .seconds(10)) {
            FileManager.default.fileExists(atPath: path) ? true : nil
        }
        return path
    }

    static func sample(_ state: UnitState) -> RestartStormEvaluator.Sample {
        RestartStormEvaluator.Sample(nRestarts: state.nRestarts, activeState: state.activeState, result: state.result)
    }

    static func now() -> WallTime {
        WallTime(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
    }
}

/// True when a systemd sandbox can boot here; otherwise prints why, loudly, and returns false.
func unitStateSandboxAvailable() -> Bool {
    guard let reason = SystemdSandbox.unavailableReason else { return true }
    let line = "SKIPPED: UnitStateReaderIsolatedTests (sd-bus and journal under real systemd) did not run: \(reason)\n"
    FileHandle.standardError.write(Data(("\n" + String(repeating: "!", count: 100) + "\n" + line
                                         + String(repeating: "!", count: 100) + "\n").utf8))
    return false
}
