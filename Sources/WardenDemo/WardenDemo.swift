import Binance
import Blocking
import Glibc
import Logging
import PaperExchange
import Redis
import ServiceLifecycle
import Synchronization
import UnixSignals
import WardenCore
import WardenServices

/// `warden demo`: the embedded default — a complete local run of Warden's whole job.
///
/// A private redis-server (unix socket in a fresh directory under /tmp) and the paper exchange
/// start on loopback, with a local alert receiver and a small simulated execution service. Three
/// positions open: one reaches take-profit and one stop-loss, and both are closed by the
/// execution service; the third's close intent is never consumed, so the exit path breaks and
/// Warden closes it itself with an emergency MARKET reduceOnly order (mode armed). Safe mode is
/// turned on and left on until SafeModeStuck fires. Every alert and resolve goes to the receiver.
/// The timeline is printed as it happens, then a summary.
public enum WardenDemo {
    /// Runs the demo; returns the exit status: 0 when everything it shows happened, 1 when
    /// something did not (the summary says what), 130 when interrupted (Ctrl-C or SIGTERM).
    public static func run(verbose: Bool = false) async -> Int32 {
        let timeline = Timeline()
        timeline.say("""
            Warden demo: a private redis-server, the paper exchange (Binance USDⓈ-M rules, paper money),
            a local alert receiver, a simulated execution service, and Warden itself, all on this machine.

            """)
        let directory: String
        do { directory = try makeDirectory() } catch {
            timeline.say("demo: \(error)")
            return 1
        }
        defer { removeTree(directory) }
        let redis: DemoRedis
        do { redis = try DemoRedis.start(directory: directory) } catch {
            timeline.say("demo: \(error)")
            return 1
        }
        timeline.printHeader()
        let outcome = await withRedis(redis, directory: directory, timeline: timeline, verbose: verbose)
        await redis.stop()
        timeline.note("demo", "redis-server stopped, \(directory) removed")
        return summary(outcome, timeline: timeline)
    }

    /// Runs the servers, Warden and the story; nil when they could not start.
    static func withRedis(_ redis: DemoRedis, directory: String, timeline: Timeline, verbose: Bool) async -> DemoStory.Outcome? {
        let deadline = ContinuousClock.now + .seconds(10)
        while !redis.socketReady() {
            guard ContinuousClock.now < deadline else {
                timeline.note("demo", "redis-server did not start within 10 s")
                return nil
            }
            do { try await Task.sleep(for: .milliseconds(50)) } catch { return nil }
        }
        timeline.note("redis", "private redis-server on \(redis.socketPath) (nothing saved)")
        let logger = Logger(label: "warden") { _ in DemoLogHandler(timeline: timeline, verbose: verbose) }
        let quiet = Logger(label: "demo") { _ in SwiftLogNoOpLogHandler() }
        let store = PaperExchange.Store()
        let inbox = AlertReceiver.Inbox()
        let (paperPorts, paperBound) = AsyncStream.makeStream(of: Int.self)
        let (receiverPorts, receiverBound) = AsyncStream.makeStream(of: Int.self)
        let paper = PaperExchangeServer(host: "127.0.0.1", port: 0, store: store, logger: quiet, onBound: { paperBound.yield($0) })
        let receiver = AlertReceiver(inbox: inbox, timeline: timeline, logger: quiet, onBound: { receiverBound.yield($0) })
        let outcome = DemoStory.Outcome()
        do {
            try await withThrowingTaskGroup(of: Void.self) { servers in
                // A server that cannot listen ends its port stream, so the wait below ends too.
                servers.addTask { defer { paperBound.finish() }; try await paper.run() }
                servers.addTask { defer { receiverBound.finish() }; try await receiver.run() }
                var p = paperPorts.makeAsyncIterator(), r = receiverPorts.makeAsyncIterator()
                guard let paperPort = await p.next(), paperPort > 0, let receiverPort = await r.next(), receiverPort > 0 else {
                    throw DemoError("the paper exchange or the alert receiver could not listen on 127.0.0.1")
                }
                let paperURL = "http://127.0.0.1:\(paperPort)"
                timeline.note("exchange", "paper exchange on \(paperURL) (BTCUSDT 65000, ETHUSDT 3500, SOLUSDT 150)")
                timeline.note("receiver", "alert receiver on http://127.0.0.1:\(receiverPort)/alerts")
                let app = try makeApp(redisURL: redis.url, paperURL: paperURL, receiverPort: receiverPort,
                                      state: directory + "/state", logger: logger)
                let execution = try ExecutionService(
                    redis: RedisClient(url: redis.url), exchange: exchange(paperURL), streams: app.config.streams,
                    ignoring: ["SOLUSDT"], timeline: timeline)
                let story = try DemoStory(
                    app: app, execution: execution, redis: RedisClient(url: redis.url), paperURL: paperURL, inbox: inbox,
                    timeline: timeline,
                    amount: { symbol in
                        store.withState { $0.position(PaperExchange.PositionKey(symbol: symbol, side: .both)).amount.description }
                    },
                    emergencyOrders: { symbol in
                        store.withState { state in
                            state.orders.filter { $0.symbol == symbol && $0.reduceOnly }.map {
                                "order \($0.orderId): \($0.side) \($0.type) \($0.quantity) reduceOnly, \($0.status), client id \($0.clientOrderId)"
                            }
                        }
                    },
                    outcome: outcome)
                var services = app.services(onHealthBound: { port in
                    timeline.note("warden", "starting: health and metrics on http://127.0.0.1:\(port)/health")
                }).map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
                services.append(.init(service: story, successTerminationBehavior: .gracefullyShutdownGroup,
                                      failureTerminationBehavior: .gracefullyShutdownGroup))
                var configuration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint],
                                                              logger: quiet)
                configuration.maximumGracefulShutdownDuration = .seconds(10)
                try await ServiceGroup(configuration: configuration).run()
                timeline.note("warden", "stopped")
                servers.cancelAll()
            }
        } catch {
            timeline.note("demo", "failed: \(error)")
            return nil
        }
        return outcome
    }

    static func summary(_ outcome: DemoStory.Outcome?, timeline: Timeline) -> Int32 {
        let seconds = Timeline.oneDecimal(Double(SystemTime.milliseconds() - timeline.startMs) / 1000)
        guard let outcome else {
            timeline.say("\nThe demo could not run (see above). Nothing is left running.")
            return 1
        }
        guard outcome.finished else {
            timeline.say("\nDemo interrupted after \(seconds) s; nothing is left running.")
            return 130
        }
        let checks = outcome.checks
        var lines = ["", "Summary (\(seconds) s):"]
        for (what, ok) in checks { lines.append("  \(ok ? "ok  " : "FAIL") \(what)") }
        let failed = checks.filter { !$0.1 }.count
        lines.append(failed == 0 && !checks.isEmpty
            ? "Everything the demo shows happened. Nothing is left running."
            : "\(failed) of \(checks.count) checks failed (see the timeline above).")
        timeline.say(lines.joined(separator: "\n"))
        return failed == 0 && !checks.isEmpty ? 0 : 1
    }

    static func makeApp(redisURL: String, paperURL: String, receiverPort: Int, state: String,
                        logger: Logger) throws -> WardenApp {
        guard mkdir(state, 0o700) == 0 else { throw DemoError("cannot create \(state): \(errnoText())") }
        let values: [String: ConfigValue] = [
            "redis.url": .string(redisURL), "binance.base_url": .string(paperURL), "health.listen": .string("127.0.0.1:0"),
            "state.dir": .string(state), "emergency.mode": .string("armed"), "consumer.name": .string("warden-demo"),
            "exit.confirm_timeout_s": .integer(3), "exit.bootstrap_interval_s": .integer(5),
            "exit.price_poll_interval_s": .number(0.5), "alerts.interval_s": .number(0.5), "consumer.block_ms": .integer(250),
        ]
        let routes: [[String: ConfigValue]] = [[
            "name": .string("demo-receiver"), "kind": .string("webhook"),
            "url": .string("http://127.0.0.1:\(receiverPort)/alerts"), "repeat_interval_s": .integer(0),
        ]]
        let secrets = Secrets(binanceAPIKey: Secret(PaperExchange.defaultAPIKey, source: "demo"),
                              binanceAPISecret: Secret(PaperExchange.defaultSecret, source: "demo"))
        let config = try WardenConfig.resolve(values, routes: routes, secrets: secrets).mapError { DemoError("\($0)") }.get()
        // Only what the demo moves: no other pipeline streams or groups exist here.
        let rules = try SupervisionRules.resolve([
            "stale_stream.streams": .string(""), "consumer_lag.groups": .string(""), "safe_mode.stuck_s": .integer(5),
        ]).mapError { DemoError("\($0)") }.get()
        return WardenApp(config: config, rules: rules, consumerName: "warden-demo", hostname: "demo", logger: logger)
    }

    static func exchange(_ url: String) -> BinanceClient {
        BinanceClient(configuration: .init(
            baseURL: url, apiKey: Secret(PaperExchange.defaultAPIKey, source: "demo"),
            apiSecret: Secret(PaperExchange.defaultSecret, source: "demo"), recvWindow: .seconds(5), timeout: .seconds(5)),
            label: "demo.execution")
    }

    static func makeDirectory() throws(DemoError) -> String {
        var template = Array("/tmp/warden-demo-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw DemoError("cannot create a directory under /tmp: \(errnoText())")
        }
        return String(cString: made)
    }

    /// Removes the demo's directory and everything under it (redis files, state/, outbox/<route>/…).
    static func removeTree(_ path: String) {
        guard let dir = opendir(path) else { return }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let child = path + "/" + name
            if entry.pointee.d_type == UInt8(DT_DIR) {
                removeTree(child)
            } else {
                unlink(child)
            }
        }
        closedir(dir)
        rmdir(path)
    }
}
