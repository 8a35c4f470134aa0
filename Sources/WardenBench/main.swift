// WardenBench: in-process cost of each stage of Warden's exit-monitor paths, per entry or per call.
//
// `make bench` measures Warden from the outside (bench/bench.py). When a figure misses its target,
// this says where the CPU goes, with the same public types `warden run` uses and no Redis
// unless one is given:
//
//     swift build -c release --product WardenBench
//     .build/release/WardenBench [--redis redis://127.0.0.1:PORT/0] [--entries 100000] [--positions 10000]
//
// Figures are process CPU time (CLOCK_PROCESS_CPUTIME_ID) per unit, so a busy machine does not
// inflate them; the Redis round trips include only this process's share, not the server's.
//
// Drain path (per execution result, batches of 500 like `consumer.batch_size`): decode (from a
// StreamBatch), book apply (through the ExitMonitor actor), the writer's commands (HSET of the
// PositionRecord JSON), the String → bytes copy the pipeline makes, and one log line per tracked
// position (StderrLogHandler into /dev/null). With --redis also the real round trips: XREAD of
// 500 entries (hiredis → RedisReply → StreamBatch) and the 500-HSET + XACK pipeline.
// Book path (10,000 positions): one exit-check cycle (`check(now:)`), `hasOpenPositions` (the
// mark-price poll's per-second call), and a batch of 10 price ticks.
import Logging
import Redis
import Systemd
import WardenCore
import WardenServices

#if canImport(Glibc)
import Glibc
#endif

struct Options {
    var redisURL: String?
    var entries = 100_000
    var positions = 10_000

    init(_ args: [String]) {
        var i = 1
        while i < args.count {
            let value = i + 1 < args.count ? args[i + 1] : ""
            switch args[i] {
            case "--redis": redisURL = value
            case "--entries": entries = Int(value) ?? entries
            case "--positions": positions = Int(value) ?? positions
            default: print("unknown argument \(args[i])"); exit(2)
            }
            i += 2
        }
    }
}

/// Process CPU time in nanoseconds: robust against other work on a shared machine, unlike wall time.
func cpuNanoseconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) * 1e9 + Double(ts.tv_nsec)
}

/// Runs `body` `count` times; prints and returns the process CPU time per unit (`units` per run).
@discardableResult
func measure(_ label: String, repeat count: Int = 1, units: Int, _ body: () async throws -> Void) async rethrows -> Double {
    let start = cpuNanoseconds()
    for _ in 0..<count { try await body() }
    let per = (cpuNanoseconds() - start) / Double(count * units)
    let text = per >= 1000 ? "\((per / 10).rounded() / 100) µs" : "\(Int(per)) ns"
    print("  " + label + String(repeating: " ", count: max(1, 64 - label.count)) + text)
    return per
}

/// An execution-result entry as the pipeline writes it (10 flat fields).
func fill(_ i: Int) -> [(String, String)] {
    let price = 1.0 + Double(i % 5000) * 3.7
    return [("symbol", "S\(100_000 + i)USDT"), ("action", i % 3 == 0 ? "SELL" : "BUY"), ("status", "FILLED"),
            ("entry_price", DecimalText.plain(price)), ("quantity", "1.5"), ("position_size_usd", DecimalText.plain(price * 1.5)),
            ("leverage", "5"), ("order_id", "o\(i)"), ("timestamp", "2026-11-22T05:00:00.000Z"), ("source", "execution_service")]
}

/// The XREADGROUP reply hiredis hands over for `entries`.
func reply(stream: String, _ entries: [(id: String, fields: [(String, String)])]) -> RedisValue {
    .array([.array([.bulk(Array(stream.utf8)), .array(entries.map { e in
        .array([.bulk(Array(e.id.utf8)), .array(e.fields.flatMap { [.bulk(Array($0.0.utf8)), .bulk(Array($0.1.utf8))] })])
    })])])
}

@main
struct WardenBench {
    static func main() async throws {
        let options = Options(CommandLine.arguments)
        let devNull = open("/dev/null", O_WRONLY)
        LoggingSystem.bootstrap { label in StderrLogHandler(label: label, fileDescriptor: devNull, logLevel: .info) }
        let logger = Logger(label: "warden")
        let streams = WardenConfig.defaults.streams
        let writer = BookActionWriter(streams: streams, logger: logger)
        let now = WallTime(milliseconds: 1_795_320_000_000)
        let batch = 500
        let n = options.entries / batch * batch

        print("drain path, per execution result (\(n) entries in batches of \(batch)):")
        let replies = stride(from: 0, to: n, by: batch).map { base in
            reply(stream: streams.executionResults, (base..<base + batch).map { (id: "1795320000000-\($0)", fields: fill($0)) })
        }
        let batches = replies.map { StreamBatch(StreamReply.entries($0)) }
        var decoded: [[ExecutionResult]] = []
        await measure("ExecutionResultDecoder.decode (entries of a StreamBatch)", units: n) {
            decoded = batches.map { b in (0..<b.count).compactMap { try? ExecutionResultDecoder.decode(b, $0).get() } }
        }
        let monitor = ExitMonitor(policy: ExitPolicy(), confirmTimeout: .seconds(600), maxPriceAge: .seconds(10))
        var actions: [[PositionBook.Action]] = []
        await measure("ExitMonitor.apply (book, via the actor)", units: n) {
            actions = []
            for d in decoded { actions.append(await monitor.apply(d, now: now)) }
        }
        var commands: [[[String]]] = []
        await measure("BookActionWriter.commands (HSET + PositionRecord JSON)", units: n) {
            commands = actions.map { writer.commands(for: $0) }
        }
        await measure("[[String]] → [[[UInt8]]] copy in RedisClient.pipeline", units: n) {
            var total = 0
            for c in commands { total &+= c.map { $0.map { Array($0.utf8) } }.count }
            precondition(total > 0)
        }
        await measure("BookActionWriter.log (1 line per tracked position)", units: n) {
            for a in actions { writer.log(a) }
        }

        if let url = options.redisURL {
            let redis = try RedisClient(url: url)
            let key = "wardenbench:stream"
            _ = try await redis.command(["DEL", key, BookActionWriter.positionsKey])
            for b in 0..<(n / batch) {
                _ = try await redis.pipeline((0..<batch).map { i in ["XADD", key, "*"] + fill(b * batch + i).flatMap { [$0.0, $0.1] } })
            }
            var cursor = "0"
            try await measure("XREAD COUNT 500 round trip (hiredis → RedisReply → StreamBatch)", repeat: n / batch, units: batch) {
                let entries = StreamReply.batch(try await redis.reply(["XREAD", "COUNT", "\(batch)", "STREAMS", key, cursor]))
                precondition(entries.count == batch)
                cursor = entries.id(entries.count - 1)
            }
            var i = 0
            try await measure("pipeline: 500 × HSET + XACK round trip", repeat: n / batch, units: batch) {
                _ = try await redis.pipeline(commands[i] + [["XACK", key, "g"] + (0..<batch).map { "1-\($0)" }])
                i += 1
            }
            _ = try await redis.command(["DEL", key, BookActionWriter.positionsKey])
        }

        print("book path with \(options.positions) positions:")
        let book = ExitMonitor(policy: ExitPolicy(), confirmTimeout: .seconds(600), maxPriceAge: .seconds(10))
        _ = await book.apply((0..<options.positions).compactMap { try? ExecutionResultDecoder.decode(StreamEntry(id: "1-\($0)", fill($0))).get() }, now: now)
        await measure("ExitMonitor.check (exit-check cycle, every second)", repeat: 50, units: 1) {
            _ = await book.check(now: now)
        }
        await measure("ExitMonitor.hasOpenPositions (mark-price poll, every second)", repeat: 50, units: 1) {
            _ = await book.hasOpenPositions
        }
        let ticks = (0..<10).map { StreamEntry(id: "1795320000000-\($0)", [("symbol", "S\(100_000 + $0)USDT"), ("price", "1.001")]) }
        await measure("PriceUpdate.decode", repeat: 10_000, units: 10) {
            precondition(ticks.compactMap(PriceUpdate.decode).count == 10)
        }
        let updates = ticks.compactMap(PriceUpdate.decode)
        await measure("ExitMonitor.prices (10 in-range ticks, via the actor)", repeat: 10_000, units: 10) {
            _ = await book.prices(updates, now: now)
        }
        await measure("ExitMonitor.health (/health, 10,000 positions)", repeat: 50, units: 1) {
            _ = await book.health()
        }
        await measure("ExitMonitor.supervision (supervisor pass, every 5 s)", repeat: 50, units: 1) {
            _ = await book.supervision()
        }
        let rules = SupervisionRules.defaults
        var supervisors = SupervisorSet(rules: rules, streams: streams, safeModeKey: "quantum:safety:safe_mode")
        var inputs = SupervisorSet.Inputs()
        let view = await book.supervision()
        (inputs.openPositions, inputs.openSince, inputs.lastPriceAt) = (view.open, view.openSince, view.lastPriceAt)
        await measure("SupervisorSet.evaluate (every 5 s, 10,000 open symbols)", repeat: 50, units: 1) {
            _ = supervisors.evaluate(inputs, now: now)
        }
    }
}
