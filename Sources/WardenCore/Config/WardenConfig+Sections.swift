extension WardenConfig {
    /// `[redis]`
    public struct RedisSettings: Sendable, Hashable {
        public var address: RedisAddress
        public var connectTimeout: Duration
        public var commandTimeout: Duration

        init(_ r: inout ConfigReader) {
            switch RedisAddress.parse(r.string("redis.url")) {
            case .success(let a): address = a
            case .failure(let e):
                r.fail("redis.url", "not a valid Redis URL: \(e)")
                address = .tcp(host: "127.0.0.1", port: 6379, db: 0, password: nil)
            }
            connectTimeout = .milliseconds(r.int("redis.connect_timeout_ms", in: 10...60_000, unit: " ms"))
            commandTimeout = .milliseconds(r.int("redis.command_timeout_ms", in: 10...60_000, unit: " ms"))
        }
    }

    /// `[binance]`
    public struct BinanceSettings: Sendable, Hashable {
        public var baseURL: String
        public var recvWindow: Duration
        public var timeout: Duration

        init(_ r: inout ConfigReader) {
            baseURL = r.string("binance.base_url")
            if let e = HTTPAddress.validateBaseURL(baseURL) { r.fail("binance.base_url", "not a valid URL: \(e)") }
            while baseURL.hasSuffix("/") { baseURL.removeLast() }
            // Binance rejects recvWindow above 60000.
            recvWindow = .milliseconds(r.int("binance.recv_window_ms", in: 100...60_000, unit: " ms"))
            timeout = .milliseconds(r.int("binance.timeout_ms", in: 100...60_000, unit: " ms"))
        }
    }

    /// `[health]`
    public struct HealthSettings: Sendable, Hashable {
        public var host: String
        public var port: Int

        init(_ r: inout ConfigReader) {
            if let (h, p) = HTTPAddress.parseListen(r.string("health.listen")) {
                (host, port) = (h, p)
            } else {
                r.fail("health.listen", "must be host:port, for example 127.0.0.1:8007")
                (host, port) = ("127.0.0.1", 8007)
            }
        }
    }

    /// `[consumer]`
    public struct ConsumerSettings: Sendable, Hashable {
        public var group: String
        /// Empty means `warden-<hostname>`; see ``resolvedName(hostname:)``.
        public var name: String
        public var batchSize: Int
        public var block: Duration
        public var reclaimIdle: Duration

        init(_ r: inout ConfigReader) {
            group = r.string("consumer.group")
            if !StreamNames.isValidName(group) { r.fail("consumer.group", "must be 1 to 200 printable characters without spaces") }
            name = r.string("consumer.name")
            if !name.isEmpty, !StreamNames.isValidName(name) {
                r.fail("consumer.name", "must be empty or 1 to 200 printable characters without spaces")
            }
            batchSize = r.int("consumer.batch_size", in: 1...500)
            block = .milliseconds(r.int("consumer.block_ms", in: 1...1000, unit: " ms"))
            reclaimIdle = .seconds(r.int("consumer.reclaim_idle_s", in: 1...86_400, unit: " s"))
        }

        /// The consumer name to use on this host.
        public func resolvedName(hostname: String) -> String {
            name.isEmpty ? "warden-\(hostname.isEmpty ? "host" : hostname)" : name
        }
    }
}
