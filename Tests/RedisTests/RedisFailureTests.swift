import Redis
import Testing
import WardenTestSupport

extension RedisLiveIsolatedTests {
    struct RedisFailureTests {
        @Test(.timeLimit(.minutes(1)))
        func refusedConnectionThrowsConnect() async throws {
            let client = try RedisClient(url: "redis://127.0.0.1:\(try RedisServer.freePort())/0")
            let error = await #expect(throws: Redis.Error.self) { try await client.command(["PING"]) }
            #expect(error?.reason == "connect")
            #expect(error?.description.contains("redisConnectWithTimeout") == true)
        }

        @Test(.timeLimit(.minutes(1)))
        func reconnectsAfterServerRestart() async throws {
            let first = try await RedisServer.start()
            let client = try RedisClient(url: first.url)
            #expect(try await client.command(["PING"]) == .status("PONG"))
            await first.stop()
            let second = try await RedisServer.start(port: first.port)
            let error = await #expect(throws: Redis.Error.self) { try await client.command(["PING"]) }
            #expect(error?.reason == "io")
            #expect(try await client.command(["PING"]) == .status("PONG"))
            let info = try await client.command(["INFO", "server"]).string ?? ""
            #expect(info.contains("process_id:\(second.pid)\r\n"))
            await second.stop()
        }

        @Test(.timeLimit(.minutes(1)))
        func reconnectsAfterClientKill() async throws {
            try await withRedisServer { server in
                let client = try RedisClient(url: server.url)
                let killer = try RedisClient(url: server.url)
                let before = try await client.command(["CLIENT", "ID"])
                #expect(try await killer.command(["CLIENT", "KILL", "TYPE", "normal"]) == .integer(1))
                let error = await #expect(throws: Redis.Error.self) { try await client.command(["PING"]) }
                #expect(error?.reason == "io")
                let after = try await client.command(["CLIENT", "ID"])
                #expect(after.int != nil && after != before)
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func stoppedServerTimesOutQuicklyAndRecovers() async throws {
            try await withRedisServer { server in
                let client = try RedisClient(url: server.url)
                #expect(try await client.command(["PING"]) == .status("PONG"))
                server.pause()
                let clock = ContinuousClock()
                let start = clock.now
                let error = await #expect(throws: Redis.Error.self) {
                    try await client.command(["PING"], timeout: .milliseconds(300))
                }
                let elapsed = start.duration(to: clock.now)
                server.resume()
                #expect(error?.reason == "timeout")
                #expect(elapsed >= .milliseconds(290) && elapsed < .milliseconds(700), "took \(elapsed)")
                #expect(try await client.command(["PING"]) == .status("PONG"))
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func perCallTimeoutOverridesCommandTimeoutForThatCallOnly() async throws {
            try await withRedisServer { server in
                let endpoint = try RedisEndpoint(url: server.url)
                let client = RedisClient(endpoint: endpoint, commandTimeout: .milliseconds(300))
                #expect(try await client.command(["BLPOP", "nothing", "1"], timeout: .seconds(3)) == .null)
                let error = await #expect(throws: Redis.Error.self) { try await client.command(["BLPOP", "nothing", "1"]) }
                #expect(error?.reason == "timeout")
            }
        }
    }
}
