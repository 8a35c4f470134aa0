import Foundation
import Redis
import Synchronization
import Testing
import WardenTestSupport

extension RedisLiveIsolatedTests {
    /// Blocking hiredis calls must not hold Swift's cooperative pool (two threads on this host):
    /// timers elsewhere in the process keep firing on time while several clients are blocked.
    struct RedisBlockingTests {
        /// More blocked clients than cooperative threads.
        static let clients = 5

        @Test(.timeLimit(.minutes(1)))
        func sleepsStayOnScheduleDuringBlockingReads() async throws {
            try await withRedisServer { server in
                let setup = try RedisClient(url: server.url)
                _ = try await setup.command(["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"])
                let readers = try await Self.connectedClients(server)
                try await withThrowingTaskGroup(of: (RedisValue, Duration).self) { group in
                    for (index, reader) in readers.enumerated() {
                        group.addTask {
                            let clock = ContinuousClock()
                            let start = clock.now
                            let read = ["XREADGROUP", "GROUP", "g", "c\(index)", "COUNT", "10", "BLOCK", "2000", "STREAMS", "s", ">"]
                            let reply = try await reader.command(read, timeout: .milliseconds(2500))
                            return (reply, start.duration(to: clock.now))
                        }
                    }
                    let lateness = try await Self.measureLateness()
                    print("during \(Self.clients) XREADGROUP BLOCK 2000: \(lateness)")
                    #expect(lateness.pool < .milliseconds(20), "\(lateness)")
                    for try await (reply, elapsed) in group {
                        #expect(reply == .null)
                        #expect(elapsed >= .milliseconds(1900), "the read returned early, after \(elapsed)")
                    }
                }
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func sleepsStayOnScheduleWhileServerIsStopped() async throws {
            try await withRedisServer { server in
                let clients = try await Self.connectedClients(server)
                server.pause()
                try await withThrowingTaskGroup(of: String?.self) { group in
                    for client in clients {
                        group.addTask {
                            do throws(Redis.Error) {
                                _ = try await client.command(["PING"], timeout: .seconds(2))
                                return nil
                            } catch {
                                return error.reason
                            }
                        }
                    }
                    let lateness = try await Self.measureLateness()
                    print("during \(Self.clients) PINGs to a stopped server: \(lateness)")
                    #expect(lateness.pool < .milliseconds(20), "\(lateness)")
                    for try await reason in group {
                        #expect(reason == "timeout")
                    }
                }
                server.resume()
                for client in clients {
                    #expect(try await client.command(["PING"]) == .status("PONG"))
                }
            }
        }

        private static func connectedClients(_ server: RedisServer) async throws -> [RedisClient] {
            var clients: [RedisClient] = []
            for _ in 0..<Self.clients {
                let client = try RedisClient(url: server.url)
                _ = try await client.command(["PING"])
                clients.append(client)
            }
            return clients
        }

        /// The latest of twenty 50 ms `Task.sleep`s, and for reference, of twenty 50 ms `usleep`s on
        /// a plain thread run alongside: if that one is late too, the host was short of CPU.
        struct Lateness: CustomStringConvertible {
            var pool: Duration
            var thread: Duration
            var description: String { "max lateness: Task.sleep \(self.pool), plain-thread usleep \(self.thread)" }
        }

        private final class Worst: Sendable {
            let value = Mutex(Duration.zero)
        }

        private static func measureLateness() async throws -> Lateness {
            let clock = ContinuousClock()
            let reference = Worst()
            let thread = Thread {
                for _ in 0..<20 {
                    let start = clock.now
                    usleep(50_000)
                    let late = start.duration(to: clock.now) - .milliseconds(50)
                    reference.value.withLock { $0 = max($0, late) }
                }
            }
            thread.start()
            var worst = Duration.zero
            for _ in 0..<20 {
                let start = clock.now
                try await Task.sleep(for: .milliseconds(50))
                worst = max(worst, start.duration(to: clock.now) - .milliseconds(50))
            }
            while !thread.isFinished {
                try await Task.sleep(for: .milliseconds(5))
            }
            return Lateness(pool: worst, thread: reference.value.withLock { $0 })
        }
    }
}
