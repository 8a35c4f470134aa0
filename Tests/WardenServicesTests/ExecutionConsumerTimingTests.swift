import Redis
import Testing
import WardenCore
import WardenServices
import WardenTestSupport

/// One test per production failure of the consumer (DESIGN.md), against a real redis-server.
/// "Timing" in the name: these wait on wall-clock progress, so `make test` runs them in their own pass.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ExecutionConsumerTimingTests {
    @Test
    func emptyReadsDoNotStopTheLoop() async throws {
        let f = try await ExitMonitorFixture.start()
        defer { Task { await f.server.stop() } }
        try await running([try f.consumer(block: .milliseconds(50))]) {
            // Twenty empty reads ("Consumer stopped" after 1 ms was the production bug)...
            try await Task.sleep(for: .seconds(1))
            // ...and the loop is still there to take the next entry.
            try await f.addResult(ExitMonitorFixture.fill("BTCUSDT"))
            #expect(try await eventually { await f.monitor.book.count == 1 })
            #expect(try await eventually { try await f.groupState().pending == 0 })
        }
    }

    @Test
    func groupIsCreatedWithMkstreamAtDollarOnlyIfMissing() async throws {
        let f = try await ExitMonitorFixture.start()
        defer { Task { await f.server.stop() } }
        // An entry that predates the group is not replayed on first start (group created at $).
        try await f.addResult(ExitMonitorFixture.fill("OLDUSDT"))
        try await running([try f.consumer()]) {
            #expect(try await eventually { try await f.groupState().pending == 0 })
            try await f.addResult(ExitMonitorFixture.fill("NEWUSDT"))
            #expect(try await eventually { await f.monitor.book.count == 1 })
        }
        #expect(await f.monitor.book.position(PositionKey(symbol: "OLDUSDT")) == nil)
        #expect(await f.monitor.book.position(PositionKey(symbol: "NEWUSDT")) != nil)
        // Started again: the existing group is kept (BUSYGROUP), nothing is lost or replayed.
        try await running([try f.consumer()]) {
            try await f.addResult(ExitMonitorFixture.fill("AGAINUSDT"))
            #expect(try await eventually { await f.monitor.book.count == 2 })
        }
    }

    @Test
    func zeroPriceFillIsDeadLetteredAcknowledgedAndNotTracked() async throws {
        let f = try await ExitMonitorFixture.start()
        defer { Task { await f.server.stop() } }
        try await running([try f.consumer()]) {
            try await Task.sleep(for: .milliseconds(200))  // group created
            let id = try await f.addResult([("symbol", "ETHUSDT"), ("action", "BUY"), ("status", "FILLED"),
                                            ("entry_price", "0.0"), ("position_size_usd", "0.0")])
            #expect(try await eventually { try await f.streamLength(f.config.streams.deadletter) == 1 })
            #expect(try await eventually { try await f.groupState().pending == 0 })
            let dead = try await f.client().command(["XRANGE", f.config.streams.deadletter, "-", "+"])
            let fields = dead.array?.first?.array?[1].array?.compactMap(\.string) ?? []
            let map = Dictionary(uniqueKeysWithValues: stride(from: 0, to: fields.count - 1, by: 2).map { (fields[$0], fields[$0 + 1]) })
            #expect(map["reason"] == "bad_price")
            #expect(map["source_id"] == id)
            #expect(map["source_stream"] == f.config.streams.executionResults)
            #expect(map["raw"]?.contains("entry_price=0.0") == true)
        }
        #expect(await f.monitor.book.count == 0)
        #expect(f.events("DEAD_LETTER").count == 1)
    }

    @Test
    func twelveThousandOldFormatEntriesDoNotBlockNewOnes() async throws {
        let f = try await ExitMonitorFixture.start()
        defer { Task { await f.server.stop() } }
        let redis = try f.client()
        _ = try await redis.command(["XGROUP", "CREATE", f.config.streams.executionResults, f.config.consumer.group, "0", "MKSTREAM"])
        // 12,000 entries of the old nested-signal form: a third decodable, the rest not (no price).
        var batch: [[String]] = []
        for i in 0..<12_000 {
            let signal = #"{"symbol":"OLD\#(i)USDT","action":"LONG"}"#
            var cmd = ["XADD", f.config.streams.executionResults, "*", "signal", signal, "status", "EXECUTED"]
            if i % 3 == 0 { cmd += ["entry_price", "10", "position_size_usd", "20"] }
            batch.append(cmd)
            if batch.count == 1000 { _ = try await redis.pipeline(batch); batch = [] }
        }
        for s in ["NEWAUSDT", "NEWBUSDT", "NEWCUSDT"] { try await f.addResult(ExitMonitorFixture.fill(s)) }
        try await running([try f.consumer()]) {
            let drained = try await eventually(timeout: .seconds(30)) { try await f.isDrained() }
            #expect(drained)
        }
        for s in ["NEWAUSDT", "NEWBUSDT", "NEWCUSDT"] {
            #expect(await f.monitor.book.position(PositionKey(symbol: s)) != nil)
        }
        #expect(await f.monitor.book.count == 4000 + 3)
        #expect(try await f.streamLength(f.config.streams.deadletter) == 8000)
        // One log line per reason per batch, not one per entry.
        #expect(f.events("DEAD_LETTER").count <= 30)
    }

    @Test
    func restartProcessesOwnAndDeadConsumersPendingEntriesFirst() async throws {
        let f = try await ExitMonitorFixture.start()
        defer { Task { await f.server.stop() } }
        let redis = try f.client()
        let stream = f.config.streams.executionResults, group = f.config.consumer.group
        _ = try await redis.command(["XGROUP", "CREATE", stream, group, "0", "MKSTREAM"])
        for i in 0..<5 { try await f.addResult(ExitMonitorFixture.fill("DEAD\(i)USDT")) }
        _ = try await redis.command(["XREADGROUP", "GROUP", group, "crashed-consumer", "COUNT", "5", "STREAMS", stream, ">"])
        for i in 0..<3 { try await f.addResult(ExitMonitorFixture.fill("OWN\(i)USDT")) }
        _ = try await redis.command(["XREADGROUP", "GROUP", group, "warden-test", "COUNT", "3", "STREAMS", stream, ">"])
        #expect(try await f.groupState().pending == 8)
        try await Task.sleep(for: .milliseconds(300))
        try await running([try f.consumer(name: "warden-test", reclaimIdle: .milliseconds(200))]) {
            let drained = try await eventually { try await f.isDrained() }
            #expect(drained)
        }
        #expect(await f.monitor.book.count == 8)
    }

    @Test
    func randomAndMutatedEntriesAreAllAccountedFor() async throws {
        let f = try await ExitMonitorFixture.start()
        defer { Task { await f.server.stop() } }
        let redis = try f.client()
        let stream = f.config.streams.executionResults
        _ = try await redis.command(["XGROUP", "CREATE", stream, f.config.consumer.group, "0", "MKSTREAM"])
        var rng = SystemRandomNumberGenerator()
        let total = 20_000
        var batch: [[[UInt8]]] = []
        for i in 0..<total {
            var cmd: [[UInt8]] = [Array("XADD".utf8), Array(stream.utf8), Array("*".utf8)]
            if i % 2 == 0 {
                for (k, v) in ExitMonitorFixture.fill("R\(i)USDT") { cmd += [Array(k.utf8), Array(v.utf8)] }
                let victim = 3 + 2 * Int.random(in: 0..<6, using: &rng) + 1
                cmd[victim] = (0..<Int.random(in: 0..<12, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            } else {
                for _ in 0..<Int.random(in: 1...6, using: &rng) {
                    cmd.append((0..<Int.random(in: 1...10, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
                    cmd.append((0..<Int.random(in: 0...30, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
                }
            }
            batch.append(cmd)
            if batch.count == 1000 { _ = try await redis.pipeline(batch); batch = [] }
        }
        try await running([try f.consumer()]) {
            let drained = try await eventually(timeout: .seconds(60)) { try await f.isDrained() }
            #expect(drained)
        }
        let applied = await f.monitor.applied
        let deadLettered = try await f.streamLength(f.config.streams.deadletter)
        #expect(applied + deadLettered == total, "applied \(applied) + dead-lettered \(deadLettered) != \(total)")
        #expect(applied > 0 && deadLettered > 0)
    }

    @Test
    func connectionsKilledDuringADrainLoseAndRepeatNothing() async throws {
        let f = try await ExitMonitorFixture.start()
        defer { Task { await f.server.stop() } }
        let redis = try f.client()
        let stream = f.config.streams.executionResults
        _ = try await redis.command(["XGROUP", "CREATE", stream, f.config.consumer.group, "0", "MKSTREAM"])
        let total = 30_000
        for base in stride(from: 0, to: total, by: 1000) {
            _ = try await redis.pipeline((base..<base + 1000).map { i in
                ["XADD", stream, "*"] + ExitMonitorFixture.fill("K\(i)USDT", qty: "2").flatMap { [$0.0, $0.1] }
            })
        }
        let killer = try f.client()
        try await running([try f.consumer()]) {
            // Cut the consumer's connection again and again while it reads ahead and writes: a
            // read-ahead reply lost with it must come back as this consumer's pending entries.
            var kills = 0
            while kills < 8, try await f.groupState().pending + (f.groupState().lag ?? 1) > 0 {
                kills += (try await killer.command(["CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"]).int ?? 0) > 0 ? 1 : 0
                try await Task.sleep(for: .milliseconds(15))
            }
            let drained = try await eventually(timeout: .seconds(60)) { try await f.isDrained() }
            #expect(drained)
            #expect(kills >= 3, "the drain ended before the connection was cut enough: \(kills)")
        }
        // Every fill applied exactly once: 30,000 positions, none with a doubled quantity.
        let book = await f.monitor.book
        #expect(book.count == total)
        #expect(book.positions.values.allSatisfy { $0.quantity == 2 })
        #expect(try await f.client().command(["HLEN", BookActionWriter.positionsKey]).int == total)
    }
}
