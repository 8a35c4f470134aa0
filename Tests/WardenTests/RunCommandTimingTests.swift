import Foundation
import Testing
import WardenTestSupport

/// `warden run` as a process, with `warden status` reading its `/health`.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct RunCommandTimingTests {
    @Test
    func runServesHealthAndStatusThenStopsCleanlyOnSigterm() async throws {
        let redis = try await RedisServer.start()
        defer { Task { await redis.stop() } }
        let fixture = try RunConfigFixture(redisURL: redis.url, name: "run")
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        let (config, healthPort) = (fixture.config, fixture.healthPort)
        let warden = try WardenProcess.start(["run", "--config", config.path])
        let url = "http://127.0.0.1:\(healthPort)/health"

        var status: WardenProcess.Result?
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let r = try WardenProcess.run(["status", "--url", url])
            if r.status != 3 { status = r; break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let s = try #require(status, "no /health within 20 s; output:\n\(warden.output)")
        // No position and no credentials: nothing needs the exchange yet.
        #expect(s.status == 0, "stdout: \(s.stdout) stderr: \(s.stderr)")
        #expect(s.stdout.hasPrefix("Warden: HEALTHY"))
        #expect(s.stdout.contains("positions tracked: 0"))

        // A position opens; its mark prices come from the exchange, which is down: degraded, saying which loop.
        _ = try WardenProcess.shell("redis-cli", ["-p", "\(redis.port)", "XADD", "quantum:stream:trade.execution.res", "*",
                                                  "symbol", "BTCUSDT", "action", "BUY", "status", "FILLED",
                                                  "entry_price", "100", "quantity", "1"])
        var degraded: WardenProcess.Result?
        let until = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < until {
            let r = try WardenProcess.run(["status", "--url", url])
            if r.status == 1 { degraded = r; break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let d = try #require(degraded, "never degraded; output:\n\(warden.output)")
        #expect(d.stdout.hasPrefix("Warden: DEGRADED"))
        #expect(d.stdout.contains("mark-price-poll: dependency unavailable"))
        #expect(d.stdout.contains("positions tracked: 1"))

        let clock = ContinuousClock(), stopping = clock.now
        let code = await warden.stop(signal: SIGTERM, timeout: .seconds(20))
        #expect(clock.now - stopping < .seconds(15), "graceful shutdown must end within maximumGracefulShutdownDuration")
        #expect(code == 0, "exit status after SIGTERM; output:\n\(warden.output)")
        #expect(warden.output.contains("warden.event=STOPPING"))
    }

    @Test
    func statusOfNothingListeningIsUnreachable() throws {
        let port = try TestHTTPServer.unusedPort()
        let r = try WardenProcess.run(["status", "--url", "http://127.0.0.1:\(port)/health"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("cannot reach"))
    }

    @Test
    func runWithABadConfigExitsWithEXCONFIGAndNamesTheKey() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("warden.toml")
        try "[exit]\nstop_loss_pct = -1\n".write(to: config, atomically: true, encoding: .utf8)
        let r = try WardenProcess.run(["run", "--config", config.path])
        #expect(r.status == 78)
        #expect(r.stderr.hasPrefix("error: exit.stop_loss_pct: "))
    }
}
