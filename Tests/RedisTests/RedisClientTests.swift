import Redis
import Testing
import WardenTestSupport

extension RedisLiveIsolatedTests {
    struct RedisClientTests {
        @Test(.timeLimit(.minutes(1)))
        func setThenGetRoundTrips() async throws {
            try await withRedisServer { server in
                let client = try RedisClient(url: server.url)
                #expect(try await client.command(["SET", "greeting", "hello"]) == .status("OK"))
                #expect(try await client.command(["GET", "greeting"]) == .bulk(Array("hello".utf8)))
                #expect(try await client.command(["GET", "greeting"]).string == "hello")
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func missingKeyIsNullNotEmptyString() async throws {
            try await withRedisServer { server in
                let client = try RedisClient(url: server.url)
                _ = try await client.command(["SET", "empty", ""])
                #expect(try await client.command(["GET", "missing"]) == .null)
                #expect(try await client.command(["GET", "empty"]) == .bulk([]))
                #expect(try await client.command(["LRANGE", "missing", "0", "-1"]) == .array([]))
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func incrementReturnsInteger() async throws {
            try await withRedisServer { server in
                let client = try RedisClient(url: server.url)
                #expect(try await client.command(["INCR", "counter"]) == .integer(1))
                #expect(try await client.command(["INCRBY", "counter", "41"]) == .integer(42))
                #expect(try await client.command(["GET", "counter"]).int == 42)
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func streamEntriesComeBackAsNestedArrays() async throws {
            try await withRedisServer { server in
                let client = try RedisClient(url: server.url)
                let id = try await client.command(["XADD", "s", "1-1", "symbol", "BTCUSDT", "action", "SELL"])
                #expect(id == .bulk(Array("1-1".utf8)))
                let entries = try await client.command(["XRANGE", "s", "-", "+"])
                let fields: [RedisValue] = ["symbol", "BTCUSDT", "action", "SELL"].map { .bulk(Array($0.utf8)) }
                #expect(entries == .array([.array([.bulk(Array("1-1".utf8)), .array(fields)])]))
            }
        }

        @Test(.timeLimit(.minutes(1)), arguments: [
            [0x00] as [UInt8],
            [0x61, 0x0D, 0x0A, 0x62],
            [0xFF, 0xFE, 0xC3, 0x28],
            [0x00, 0x0D, 0x0A, 0x24, 0x2A, 0x80, 0x00],
            [],
        ])
        func binaryValuesRoundTripByteExact(value: [UInt8]) async throws {
            try await withRedisServer { server in
                let client = try RedisClient(url: server.url)
                let key: [UInt8] = [0x6B, 0x00, 0x0D, 0x0A] + value
                #expect(try await client.command([Array("SET".utf8), key, value]) == .status("OK"))
                #expect(try await client.command([Array("GET".utf8), key]) == .bulk(value))
                #expect(try await client.command([Array("STRLEN".utf8), key]) == .integer(Int64(value.count)))
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func serverErrorThrowsAndKeepsTheConnection() async throws {
            try await withRedisServer { server in
                let client = try RedisClient(url: server.url)
                _ = try await client.command(["SET", "text", "abc"])
                let id = try await client.command(["CLIENT", "ID"])
                let error = await #expect(throws: Redis.Error.self) { try await client.command(["INCR", "text"]) }
                #expect(error?.reason == "server_error")
                #expect(error?.description.contains("not an integer") == true)
                #expect(try await client.command(["GET", "text"]).string == "abc")
                #expect(try await client.command(["CLIENT", "ID"]) == id)
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func unixSocketURLWorks() async throws {
            try await withRedisServer { server in
                let overSocket = try RedisClient(url: server.unixURL)
                let overTCP = try RedisClient(url: server.url)
                _ = try await overSocket.command(["SET", "via", "unix"])
                #expect(try await overTCP.command(["GET", "via"]).string == "unix")
                let info = try await overSocket.command(["CLIENT", "INFO"]).string ?? ""
                #expect(info.contains(server.unixSocketPath))
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func databaseInURLIsSelected() async throws {
            try await withRedisServer { server in
                let two = try RedisClient(url: "redis://127.0.0.1:\(server.port)/2")
                let zero = try RedisClient(url: server.url)
                let twoOverSocket = try RedisClient(url: "\(server.unixURL)?db=2")
                _ = try await two.command(["SET", "only-in-2", "yes"])
                #expect(try await zero.command(["GET", "only-in-2"]) == .null)
                #expect(try await two.command(["GET", "only-in-2"]).string == "yes")
                #expect(try await twoOverSocket.command(["GET", "only-in-2"]).string == "yes")
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func passwordAndACLUserAreSentWithAUTH() async throws {
            try await withRedisServer { server in
                let admin = try RedisClient(url: server.url)
                _ = try await admin.command(["ACL", "SETUSER", "warden", "on", ">u-s3cret", "~*", "+@all"])
                _ = try await admin.command(["CONFIG", "SET", "requirepass", "s3cret"])
                let user = try RedisClient(url: "redis://warden:u-s3cret@127.0.0.1:\(server.port)/0")
                #expect(try await user.command(["ACL", "WHOAMI"]).string == "warden")
                let byPassword = try RedisClient(url: "redis://:s3cret@127.0.0.1:\(server.port)/1")
                #expect(try await byPassword.command(["ACL", "WHOAMI"]).string == "default")
                let wrong = try RedisClient(url: "redis://:wr0ng-s3cret@127.0.0.1:\(server.port)/0")
                let error = await #expect(throws: Redis.Error.self) { try await wrong.command(["PING"]) }
                #expect(error?.reason == "auth")
                #expect(error?.description.contains("s3cret") == false)
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func closedClientThrowsClosed() async throws {
            try await withRedisServer { server in
                let client = try RedisClient(url: server.url)
                #expect(try await client.command(["PING"]) == .status("PONG"))
                await client.close()
                let error = await #expect(throws: Redis.Error.self) { try await client.command(["PING"]) }
                #expect(error?.reason == "closed")
            }
        }
    }
}
