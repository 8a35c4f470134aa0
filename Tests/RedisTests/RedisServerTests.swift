import Redis
import Testing
import WardenTestSupport
#if canImport(Glibc)
import Glibc
#endif

extension RedisLiveIsolatedTests {
    /// The test launcher must never leave a redis-server behind.
    struct RedisServerTests {
        @Test(.timeLimit(.minutes(1)), arguments: [false, true])
        func stopTerminatesTheServerEvenWhenPaused(paused: Bool) async throws {
            let server = try await RedisServer.start()
            #expect(Self.isAlive(server.pid))
            if paused { server.pause() }
            let clock = ContinuousClock()
            let start = clock.now
            await server.stop()
            #expect(start.duration(to: clock.now) < .seconds(2))
            #expect(!Self.isAlive(server.pid))
        }

        @Test(.timeLimit(.minutes(1)))
        func droppingTheLastReferenceTerminatesTheServer() async throws {
            var server: RedisServer? = try await RedisServer.start()
            let pid = try #require(server?.pid)
            server?.pause()
            server = nil
            #expect(!Self.isAlive(pid))
        }

        /// Two tests that pick the same port must not end up sharing one server: the second
        /// redis-server cannot bind, and the first one's answer is not taken for its own.
        @Test(.timeLimit(.minutes(1)))
        func aPortTakenByAnotherServerIsNotMistakenForOurs() async throws {
            let first = try await RedisServer.start()
            await #expect(throws: (any Error).self) { _ = try await RedisServer.start(port: first.port) }
            await first.stop()
        }

        @Test(.timeLimit(.minutes(1)))
        func serverAnswersOnTCPAndUnixSocket() async throws {
            try await withRedisServer { server in
                #expect(server.url == "redis://127.0.0.1:\(server.port)/0")
                let overTCP = try RedisClient(url: server.url)
                let overSocket = try RedisClient(url: server.unixURL)
                #expect(try await overTCP.command(["PING"]) == .status("PONG"))
                #expect(try await overSocket.command(["PING"]) == .status("PONG"))
            }
        }

        private static func isAlive(_ pid: Int32) -> Bool {
            kill(pid, 0) == 0
        }
    }
}
