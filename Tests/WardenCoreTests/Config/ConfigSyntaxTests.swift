import Testing
import WardenCore

struct ConfigSyntaxTests {
    @Test(arguments: [
        ("redis://127.0.0.1:6379/0", RedisAddress.tcp(host: "127.0.0.1", port: 6379, db: 0, password: nil)),
        ("redis://cache", .tcp(host: "cache", port: 6379, db: 0, password: nil)),
        ("redis://cache:6380/3", .tcp(host: "cache", port: 6380, db: 3, password: nil)),
        ("redis://:pw@cache:6380/1", .tcp(host: "cache", port: 6380, db: 1, password: "pw")),
        ("redis://user:pw@cache/2", .tcp(host: "cache", port: 6379, db: 2, password: "pw")),
        ("redis://[::1]:6379/0", .tcp(host: "::1", port: 6379, db: 0, password: nil)),
        ("unix:///run/redis/redis.sock", .unix(path: "/run/redis/redis.sock", db: 0, password: nil)),
        ("unix:///run/redis.sock?db=4", .unix(path: "/run/redis.sock", db: 4, password: nil)),
    ])
    func redisURLParses(text: String, expected: RedisAddress) throws {
        #expect(try RedisAddress.parse(text).get() == expected)
    }

    @Test(arguments: [
        "", "localhost:6379", "http://x:1/0", "redis://", "redis://:6379/0", "redis://h:0/0", "redis://h:x/0",
        "redis://h:1/16", "redis://h:1/-1", "unix://", "unix://rel.sock", "unix:///s?db=x", "redis://[::1/0",
    ])
    func redisURLRejected(text: String) {
        #expect((try? RedisAddress.parse(text).get()) == nil)
    }

    @Test(arguments: [
        ("https://fapi.binance.com", true), ("http://127.0.0.1:18080", true), ("https://h:443/base", true),
        ("fapi.binance.com", false), ("https://", false), ("https://h:70000", false), ("https://h/?a=1", false),
        ("ws://h", false),
    ])
    func baseURLChecked(text: String, valid: Bool) {
        #expect((HTTPAddress.validateBaseURL(text) == nil) == valid)
    }

    @Test(arguments: [
        ("127.0.0.1:8007", "127.0.0.1", 8007), ("[::1]:9000", "::1", 9000), ("localhost:0", "localhost", 0),
    ])
    func listenAddressParses(text: String, host: String, port: Int) {
        let parsed = HTTPAddress.parseListen(text)
        #expect(parsed?.host == host && parsed?.port == port)
    }

    @Test(arguments: ["8007", ":8007", "host:", "host:65536", "a b:1"])
    func listenAddressRejected(text: String) {
        #expect(HTTPAddress.parseListen(text) == nil)
    }

    @Test(arguments: [
        ("42", ConfigValue.Kind.integer, ConfigValue.integer(42)), ("4.5", .number, .number(4.5)),
        ("true", .boolean, .boolean(true)), ("off", .boolean, .boolean(false)), ("x", .string, .string("x")),
    ])
    func environmentTextParses(text: String, kind: ConfigValue.Kind, expected: ConfigValue) {
        #expect(ConfigValue.parse(text, as: kind) == expected)
    }

    @Test(arguments: [("4.5", ConfigValue.Kind.integer), ("abc", .number), ("inf", .number), ("maybe", .boolean)])
    func environmentTextRejected(text: String, kind: ConfigValue.Kind) {
        #expect(ConfigValue.parse(text, as: kind) == nil)
    }

    @Test
    func environmentNamesFollowTheSectionKeyRule() {
        #expect(ConfigSchema.byPath["exit.take_profit_pct"]?.environmentName == "WARDEN_EXIT_TAKE_PROFIT_PCT")
        #expect(ConfigSchema.byPath["redis.url"]?.environmentName == "WARDEN_REDIS_URL")
        #expect(Set(ConfigSchema.keys.map(\.environmentName)).count == ConfigSchema.keys.count)
    }

    @Test
    func renderedConfigRedactsSecretsAndRedisPassword() {
        let secrets = Secrets(binanceAPIKey: Secret("AKEY123", source: "credential binance-api-key"),
                              binanceAPISecret: Secret("SSECRET456", source: "environment BINANCE_API_SECRET"))
        let text = EffectiveConfig.render(
            values: ["redis.url": .string("redis://:hunter2@cache:6379/0")], origins: ["redis.url": "file"], secrets: secrets)
        #expect(!text.contains("AKEY123") && !text.contains("SSECRET456") && !text.contains("hunter2"))
        #expect(text.contains("url = \"redis://<redacted>@cache:6379/0\"  # file"))
        #expect(text.contains("# api_key: <redacted>, from credential binance-api-key"))
        #expect(text.contains("take_profit_pct = 2.5  # default"))
    }

    @Test
    func tomlLiteralEscapesControlCharacters() {
        #expect(ConfigValue.string("a\"b\\c\n\u{1}").tomlLiteral == "\"a\\\"b\\\\c\\n\\u0001\"")
        #expect(ConfigValue.number(2).tomlLiteral == "2.0")
        #expect(ConfigValue.number(0.25).tomlLiteral == "0.25")
    }
}
