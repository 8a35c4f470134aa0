import Redis
import Testing
import WardenTestSupport

extension RedisLiveIsolatedTests {
    /// The flat reply (hiredis's reader writing into one builder per connection) against the
    /// server's real answers, and commands sent now whose replies are read later.
    struct RedisReplyTests {
        @Test(.timeLimit(.minutes(1)))
        func flatReplyHoldsEveryKindInPreOrder() async throws {
            try await withRedisServer { server in
                let client = try RedisClient(url: server.url)
                _ = try await client.command(["RPUSH", "l", "a", "", "ccc"])
                _ = try await client.command(["XADD", "s", "1-1", "f", "v", "g", "\u{0}\r\n"])
                _ = try await client.command(["XADD", "s", "1-2", "only", "one"])
                let script = "return {1, 'x', {}, {false, redis.status_reply('FINE'), {-7}}, redis.error_reply('NOPE')}"
                let reply = try await client.reply(["EVAL", script, "0"])
                let tree = try await client.command(["EVAL", script, "0"])
                #expect(reply.value == tree)
                let elements = tree.array ?? []
                #expect(elements.dropLast() == [.integer(1), .bulk(Array("x".utf8)), .array([]),
                                                .array([.null, .status("FINE"), .array([.integer(-7)])])])
                guard case .error(let message)? = elements.last else { Issue.record("no error element: \(tree)"); return }
                #expect(message.hasSuffix("NOPE"))
                #expect(reply.nodes.map(\.kind) == [.array, .integer, .bulk, .array, .array, .null, .status, .array, .integer, .error])
                #expect(reply.skip(0) == reply.nodes.count)
                #expect(reply.skip(3) == 4)
                #expect(reply.skip(4) == 9)
                #expect(Array(reply.slice(2)) == Array("x".utf8))
                #expect(reply.slice(1).isEmpty)  // an integer has no bytes

                let stream = try await client.reply(["XRANGE", "s", "-", "+"])
                #expect(stream.value == (try await client.command(["XRANGE", "s", "-", "+"])))
                #expect(Array(stream.slice(7)) == [0, 13, 10])  // entries, entry, id, fields, f, v, g, here
                #expect(try await client.reply(["LRANGE", "l", "0", "-1"]).value == .array(["a", "", "ccc"].map { .bulk(Array($0.utf8)) }))
                #expect(try await client.reply(["GET", "missing"]).value == .null)
                let error = await #expect(throws: Redis.Error.self) { try await client.reply(["INCR", "l"]) }
                #expect(error?.reason == "server_error")
                #expect(try await client.reply(["PING"]).value == .status("PONG"))  // the connection stayed in step
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func largeRepliesReuseTheBuilderAndStayExact() async throws {
            try await withRedisServer { server in
                let client = try RedisClient(url: server.url)
                let values = (0..<20_000).map { "value-\($0)-" + String(repeating: "z", count: $0 % 300) }
                _ = try await client.pipeline(stride(from: 0, to: values.count, by: 1000).map { ["RPUSH", "big"] + values[$0..<$0 + 1000] })
                for _ in 0..<3 {
                    let reply = try await client.reply(["LRANGE", "big", "0", "-1"])
                    #expect(reply.nodes.count == values.count + 1)
                    #expect(reply.value == .array(values.map { .bulk(Array($0.utf8)) }))
                    #expect(try await client.reply(["LLEN", "big"]).value == .integer(Int64(values.count)))
                }
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func sentCommandsAreReceivedInOrderAroundOtherCalls() async throws {
            try await withRedisServer { server in
                let client = try RedisClient(url: server.url)
                let nothing = await #expect(throws: Redis.Error.self) { try await client.receive() }
                #expect(nothing?.reason == "io")

                try await client.send([["SET", "k", "1"], ["INCR", "k"], ["INCR", "nope", "extra"]])
                // A call in between reads past the three replies and keeps them.
                #expect(try await client.command(["GET", "k"]) == .bulk(Array("2".utf8)))
                #expect(try await client.pipeline([["INCR", "k"]]) == [.integer(3)])
                #expect(try await client.receive().value == .status("OK"))
                #expect(try await client.receive().value == .integer(2))
                let wrong = try await client.receive()
                #expect(wrong.errorMessage?.hasPrefix("ERR") == true)

                // Read directly when nothing came in between.
                try await client.send([["INCR", "k"]])
                #expect(try await client.receive().value == .integer(4))
                #expect(await #expect(throws: Redis.Error.self) { try await client.receive() } != nil)
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func repliesOwedOnADroppedConnectionAreGone() async throws {
            try await withRedisServer { server in
                let client = try RedisClient(url: server.url)
                let killer = try RedisClient(url: server.url)
                _ = try await client.command(["PING"])
                try await client.send([["BLPOP", "never", "5"]], timeout: .seconds(6))
                #expect(try await killer.command(["CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"]) == .integer(1))
                let lost = await #expect(throws: Redis.Error.self) { try await client.receive() }
                #expect(lost?.reason == "io")
                // Nothing is owed any more, and the next call reconnects.
                let none = await #expect(throws: Redis.Error.self) { try await client.receive() }
                #expect(none?.description.contains("no reply owed") == true)
                #expect(try await client.command(["PING"]) == .status("PONG"))
            }
        }
    }
}
