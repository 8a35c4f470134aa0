import Foundation
import Testing
import WardenTestSupport

/// `warden demo` as a person runs it: the real binary, its own redis-server and paper exchange.
/// Each run takes about 25 s; one at a time, so two demos do not compete for the CPU.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct DemoTimingTests {
    /// The demo's directory, from the timeline's redis line.
    static func directory(_ output: String) -> String? {
        guard let line = output.split(separator: "\n").first(where: { $0.contains("private redis-server on ") }),
              let start = line.range(of: "/tmp/warden-demo-"), let end = line.range(of: "/redis.sock") else { return nil }
        return String(line[start.lowerBound..<end.lowerBound])
    }

    /// Processes whose command line names `text` (redis-server and its guard name the demo's directory).
    static func processes(mentioning text: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let cmdline = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return cmdline.contains(text) ? "\(pid): \(cmdline)" : nil
        }
    }

    /// `warden demo` in the background, once its first position is open; and its directory.
    static func startUntilPositionsOpen() async throws -> (WardenProcess.Running, String) {
        let demo = try WardenProcess.start(["demo"])
        let deadline = ContinuousClock.now + .seconds(30)
        while !demo.output.contains("open "), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        return (demo, try #require(Self.directory(demo.output), "\(demo.output)"))
    }

    static func lines(_ output: String, _ words: String...) -> [Substring] {
        output.split(separator: "\n").filter { line in words.allSatisfy { line.contains($0) } }
    }

    @Test
    func demoShowsTheWholeStoryExitsZeroAndLeavesNothingBehind() async throws {
        let started = ContinuousClock.now
        // Started and awaited without blocking: a blocking wait would hold one of the two
        // cooperative threads for the whole run and starve the tests running beside it.
        let demo = try WardenProcess.start(["demo"])
        while demo.process.isRunning, ContinuousClock.now - started < .seconds(120) { try await Task.sleep(for: .milliseconds(50)) }
        let took = ContinuousClock.now - started
        let status = await demo.stop(signal: SIGINT, timeout: .seconds(10))
        let out = demo.output
        #expect(status == 0, "\(out)")
        #expect(took < .seconds(90), "took \(took)")
        // Each step of the story exactly once; steps that cause one another (or are a second
        // or more apart) in that order. Lines of the same instant from different actors (the
        // intent and the execution service seeing it, the order and the alert) may swap.
        let step: [String: [Substring]] = [
            "open BTC": Self.lines(out, "open", "BTCUSDT", "LONG 0.015"), "open ETH": Self.lines(out, "open", "ETHUSDT", "SHORT 0.5"),
            "open SOL": Self.lines(out, "open", "SOLUSDT", "LONG 10"),
            "intent BTC": Self.lines(out, "close intent", "BTCUSDT", "tp_hit → trade.intent"),
            "executed BTC": Self.lines(out, "exec-service", "BTCUSDT", "executed tp_hit"),
            "intent ETH": Self.lines(out, "close intent", "ETHUSDT", "sl_hit → trade.intent"),
            "executed ETH": Self.lines(out, "exec-service", "ETHUSDT", "executed sl_hit"),
            "intent SOL": Self.lines(out, "close intent", "SOLUSDT", "tp_hit → trade.intent"),
            "re-sent SOL": Self.lines(out, "intent re-sent", "SOLUSDT"), "broken SOL": Self.lines(out, "exit broken", "SOLUSDT"),
            "ExitPathBroken firing": Self.lines(out, "ALERT firing", "SOLUSDT", "ExitPathBroken"),
            "emergency order": Self.lines(out, "exchange", "SOLUSDT", "sell market 10 reduceOnly, filled"),
            "ExitPathBroken resolved": Self.lines(out, "ALERT resolved", "SOLUSDT", "ExitPathBroken"),
            "SafeModeStuck firing": Self.lines(out, "ALERT firing", "SafeModeStuck"),
            "SafeModeStuck resolved": Self.lines(out, "ALERT resolved", "SafeModeStuck"),
        ]
        for (name, found) in step.sorted(by: { $0.key < $1.key }) {
            #expect(found.count == 1, "\(name) appears \(found.count) times:\n\(out)")
        }
        let chains = [
            ["open BTC", "open ETH", "open SOL", "intent BTC", "intent ETH", "intent SOL", "re-sent SOL", "broken SOL",
             "emergency order", "ExitPathBroken resolved", "SafeModeStuck firing", "SafeModeStuck resolved"],
            ["executed BTC", "intent ETH"], ["executed ETH", "intent SOL"],
            ["broken SOL", "ExitPathBroken firing", "ExitPathBroken resolved"],
        ]
        for chain in chains {
            for (a, b) in zip(chain, chain.dropFirst()) {
                if let la = step[a]?.first, let lb = step[b]?.first {
                    #expect(la.startIndex < lb.startIndex, "\(a) before \(b):\n\(out)")
                }
            }
        }
        #expect(Self.lines(out, "ALERT firing", "EmergencyClose", "SOLUSDT").count == 1)
        #expect(Self.lines(out, "exec-service", "BTCUSDT", "executed").count == 1, "one close each, no re-send executed")
        #expect(Self.lines(out, "intent re-sent", "BTCUSDT").isEmpty && Self.lines(out, "intent re-sent", "ETHUSDT").isEmpty,
                "closes confirmed by their fills are not re-sent")
        #expect(out.contains("ok   every alert and resolve reached the receiver (5 sent, 5 received)"), "\(out)")
        #expect(!out.contains("FAIL"))
        #expect(out.contains("Everything the demo shows happened."))
        let dir = try #require(Self.directory(out), "\(out)")
        #expect(Self.processes(mentioning: dir).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir), "the demo's directory is removed")
    }

    @Test
    func ctrlCStopsTheDemoAndEverythingItStarted() async throws {
        let (demo, dir) = try await Self.startUntilPositionsOpen()
        #expect(!Self.processes(mentioning: dir).isEmpty, "redis-server runs while the demo does")
        let stopping = ContinuousClock.now
        let status = await demo.stop(signal: SIGINT, timeout: .seconds(15))
        #expect(status == 130, "\(demo.output)")
        #expect(ContinuousClock.now - stopping < .seconds(5), "Ctrl-C stops it promptly")
        #expect(demo.output.contains("Demo interrupted"))
        #expect(Self.processes(mentioning: dir).isEmpty, "\(Self.processes(mentioning: dir))")
        #expect(!FileManager.default.fileExists(atPath: dir))
    }

    @Test
    func killedOutrightItsRedisServerStillGoes() async throws {
        let (demo, dir) = try await Self.startUntilPositionsOpen()
        #expect(!Self.processes(mentioning: dir).isEmpty)
        _ = await demo.stop(signal: SIGKILL, timeout: .seconds(5))
        // The guard sees its pipe close and stops redis-server; only the directory is left.
        let gone = ContinuousClock.now + .seconds(5)
        while !Self.processes(mentioning: dir).isEmpty, ContinuousClock.now < gone { try await Task.sleep(for: .milliseconds(50)) }
        #expect(Self.processes(mentioning: dir).isEmpty, "\(Self.processes(mentioning: dir))")
        try? FileManager.default.removeItem(atPath: dir)
    }
}
