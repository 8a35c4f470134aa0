import Foundation
import Testing
import WardenTestSupport

/// `warden close` as an operator runs it: the real binary against `warden paper-exchange` and a
/// real redis-server (wall-clock: waits for the exchange to bind).
@Suite(.timeLimit(.minutes(1)))
final class CloseCommandTimingTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-close-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    func waitForURL(_ exchange: WardenProcess.Running) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let line = exchange.output.split(separator: "\n").first(where: { $0.contains("listening on http://") }),
               let range = line.range(of: "http://") {
                return String(line[range.lowerBound...]).trimmingCharacters(in: .whitespaces)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CancellationError()
    }

    func curl(_ args: [String]) throws -> String {
        let r = try WardenProcess.shell("curl", ["-sS", "--max-time", "5"] + args)
        #expect(r.status == 0, "curl \(args): \(r.stderr)")
        return r.stdout
    }

    @Test
    func closeDryRunThenArmedThenAlreadyFlat() async throws {
        let redis = try await RedisServer.start()
        let exchange = try WardenProcess.start(["paper-exchange", "--listen", "127.0.0.1:0"])
        do {
            try await scenario(exchange, redis)
        } catch {
            _ = await exchange.stop()
            await redis.stop()
            throw error
        }
        _ = await exchange.stop()
        await redis.stop()
    }

    func scenario(_ exchange: WardenProcess.Running, _ redis: RedisServer) async throws {
        let url = try await waitForURL(exchange)
        let config = dir.appendingPathComponent("warden.toml")
        try "[redis]\nurl = \"\(redis.url)\"\n[binance]\nbase_url = \"\(url)\"\n".write(to: config, atomically: true, encoding: .utf8)
        let env = ["BINANCE_API_KEY": "paper-key", "BINANCE_API_SECRET": "paper-secret"]
        _ = try curl(["-X", "POST", "\(url)/admin/positions", "-d", #"{"symbol":"ETHUSDT","amount":"-0.75","entryPrice":"3400"}"#])

        let dry = try WardenProcess.run(["close", "ETHUSDT", "--config", config.path, "--dry-run"], environment: env)
        #expect(dry.status == 3, "\(dry.stdout) \(dry.stderr)")
        #expect(dry.stdout.contains("would send MARKET BUY 0.750 reduceOnly=true") || dry.stdout.contains("would send MARKET BUY 0.75 reduceOnly=true"),
                "\(dry.stdout)")
        #expect(try curl(["\(url)/admin/orders"]) == "[]")

        let armed = try WardenProcess.run(["close", "ETHUSDT", "--config", config.path], environment: env)
        #expect(armed.status == 0, "\(armed.stdout) \(armed.stderr)")
        #expect(armed.stdout.contains("closed by emergency order wd-em-"), "\(armed.stdout)")
        #expect(armed.stderr.contains("warden.event=EMERGENCY_CLOSE"))
        let orders = try curl(["\(url)/admin/orders"])
        #expect(orders.components(separatedBy: "\"clientOrderId\"").count == 2, "\(orders)")
        #expect(orders.contains(#""reduceOnly":true"#) && orders.contains(#""side":"BUY""#) && orders.contains(#""type":"MARKET""#))

        let again = try WardenProcess.run(["close", "ETHUSDT", "--config", config.path], environment: env)
        #expect(again.status == 0 && again.stdout.contains("already flat"), "\(again.stdout)")
        #expect(try curl(["\(url)/admin/orders"]).components(separatedBy: "\"clientOrderId\"").count == 2)

        // The kill switch key blocks even the manual path.
        _ = try curl(["-X", "POST", "\(url)/admin/positions", "-d", #"{"symbol":"ETHUSDT","amount":"1","entryPrice":"3400"}"#])
        let cli = try WardenProcess.shell("redis-cli", ["-p", String(redis.port), "SET", "warden:emergency:kill", "1"])
        #expect(cli.status == 0)
        let killed = try WardenProcess.run(["close", "ETHUSDT", "--config", config.path], environment: env)
        #expect(killed.status == 1 && killed.stdout.contains("kill switch"), "\(killed.stdout)")
        #expect(try curl(["\(url)/admin/orders"]).components(separatedBy: "\"clientOrderId\"").count == 2)
    }
}
