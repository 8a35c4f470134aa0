import Redis
import Testing

struct RedisEndpointTests {
    static let good: [(String, RedisEndpoint)] = [
        ("redis://127.0.0.1:6379/0", RedisEndpoint(address: .tcp(host: "127.0.0.1", port: 6379))),
        ("redis://localhost", RedisEndpoint(address: .tcp(host: "localhost", port: 6379))),
        ("REDIS://cache.internal:6380/", RedisEndpoint(address: .tcp(host: "cache.internal", port: 6380))),
        ("redis://cache:7000/3", RedisEndpoint(address: .tcp(host: "cache", port: 7000), database: 3)),
        ("redis://:s3cret@cache:7000/1", RedisEndpoint(address: .tcp(host: "cache", port: 7000), database: 1, password: "s3cret")),
        ("redis://warden:s3cret@cache/2", RedisEndpoint(address: .tcp(host: "cache", port: 6379), database: 2, username: "warden", password: "s3cret")),
        ("redis://:p%40ss%3Aw%2Fd@cache", RedisEndpoint(address: .tcp(host: "cache", port: 6379), password: "p@ss:w/d")),
        ("redis://:@cache", RedisEndpoint(address: .tcp(host: "cache", port: 6379))),
        ("redis://[::1]:6390/5", RedisEndpoint(address: .tcp(host: "::1", port: 6390), database: 5)),
        ("unix:///run/redis/redis.sock", RedisEndpoint(address: .unix(path: "/run/redis/redis.sock"))),
        ("unix:///run/redis/redis.sock?db=4", RedisEndpoint(address: .unix(path: "/run/redis/redis.sock"), database: 4)),
        ("unix://:s3cret@/run/redis.sock?db=1", RedisEndpoint(address: .unix(path: "/run/redis.sock"), database: 1, password: "s3cret")),
    ]

    @Test(arguments: good)
    func parsesGoodURL(url: String, expected: RedisEndpoint) throws {
        #expect(try RedisEndpoint(url: url) == expected)
    }

    /// Each bad URL holds the password `s3cret` where it can, and the part of the message expected.
    static let bad: [(String, String)] = [
        ("http://:s3cret@cache:6379/0", "unsupported scheme"),
        ("rediss://:s3cret@cache:6379/0", "TLS"),
        ("s3cret@cache:6379", "missing scheme"),
        ("redis:/:s3cret@cache", "missing scheme"),
        ("", "missing scheme"),
        ("redis://:s3cret@cache:port/0", "port"),
        ("redis://:s3cret@cache:0/0", "port"),
        ("redis://:s3cret@cache:65536/0", "port"),
        ("redis://:s3cret@cache:/0", "port"),
        ("redis://:s3cret@cache:6379/one", "database"),
        ("redis://:s3cret@cache:6379/-1", "database"),
        ("redis://:s3cret@cache:6379/1/2", "database"),
        ("redis://:s3cret@:6379/0", "host is empty"),
        ("redis://:s3cret@/0", "host is empty"),
        ("redis://:pa/s3cret@cache", "host is empty"),
        ("redis://::1:6379", "brackets"),
        ("redis://s3cret@cache", "without a password"),
        ("redis://:s3cret@cache#top", "fragment"),
        ("redis://:s3cret@cache?db=2", "query"),
        ("redis://:%zzs3cret@cache", "percent-encoding"),
        ("unix://", "path is missing"),
        ("unix://:s3cret@", "path is missing"),
        ("unix://:s3cret@/", "path is missing"),
        ("unix://localhost/tmp/redis.sock", "no host"),
        ("unix:///tmp/redis.sock?db=two", "database"),
        ("unix:///tmp/redis.sock?password=s3cret", "query parameter"),
    ]

    @Test(arguments: bad)
    func rejectsBadURLWithoutLeakingPassword(url: String, problem: String) {
        let error = #expect(throws: Redis.Error.self) { try RedisEndpoint(url: url) }
        #expect(error?.reason == "bad_url")
        #expect(error?.description.contains(problem) == true, "\(String(describing: error))")
        #expect(error?.description.contains("s3cret") == false)
    }

    @Test(arguments: [
        ("redis://warden:s3cret@cache:6380/2", "redis://warden:***@cache:6380/2"),
        ("redis://:s3cret@[::1]", "redis://:***@[::1]:6379/0"),
        ("redis://cache", "redis://cache:6379/0"),
        ("unix://:s3cret@/run/redis.sock?db=3", "unix://:***@/run/redis.sock?db=3"),
    ])
    func descriptionRedactsPassword(url: String, expected: String) throws {
        #expect(try RedisEndpoint(url: url).description == expected)
    }
}
