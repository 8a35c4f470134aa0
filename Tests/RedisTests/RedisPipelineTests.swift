import Redis
import Testing
import WardenTestSupport

extension RedisLiveIsolatedTests {
    struct RedisPipelineTests {
        @Test(.timeLimit(.minutes(1)))
        func thousandCommandsReplyInOrder() async throws {
            try await withRedisServer { server in
                let client = try RedisClient(url: server.url)
                let replies = try await client.pipeline(Array(repeating: ["INCR", "n"], count: 1000))
                #expect(replies == (1...1000).map { RedisValue.integer(Int64($0)) })
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func serverErrorInsidePipelineIsAValue() async throws {
            try await withRedisServer { server in
                let client = try RedisClient(url: server.url)
                let id = try await client.command(["CLIENT", "ID"])
                let replies = try await client.pipeline([["SET", "s", "x"], ["INCR", "s"], ["GET", "s"], ["GET", "none"]])
                #expect(replies.count == 4)
                #expect(replies.first == .status("OK"))
                if case .error(let message) = replies[1] {
                    #expect(message.hasPrefix("ERR"))
                } else {
                    Issue.record("expected an error reply, got \(replies[1])")
                }
                #expect(Array(replies.dropFirst(2)) == [.bulk(Array("x".utf8)), .null])
                #expect(try await client.command(["CLIENT", "ID"]) == id)
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func binaryPipelineRoundTrips() async throws {
            try await withRedisServer { server in
                let client = try RedisClient(url: server.url)
                let value: [UInt8] = [0, 13, 10, 0xFF]
                let replies = try await client.pipeline([[Array("SET".utf8), [1], value], [Array("GET".utf8), [1]]])
                #expect(replies == [.status("OK"), .bulk(value)])
                #expect(try await client.pipeline([] as [[String]]) == [])
            }
        }
    }
}
