internal import CHiredis
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Owns one blocking `redisContext`. Only the `RedisClient` actor that opened it touches it.
final class RedisConnection {
    let context: UnsafeMutablePointer<redisContext>
    /// Where hiredis's reader puts each reply (see `RedisReply`); outlives the context.
    let builder: UnsafeMutablePointer<warden_reply_builder>
    /// The socket timeout last set with `redisSetTimeout`, to skip redundant `setsockopt` calls.
    var appliedTimeout: Duration?

    init(owned context: UnsafeMutablePointer<redisContext>) {
        self.context = context
        self.builder = .allocate(capacity: 1)
        self.builder.initialize(to: warden_reply_builder())
        warden_redis_use_builder(context, self.builder)
    }

    deinit {
        redisFree(self.context)
        warden_reply_release(self.builder)
        self.builder.deallocate()
    }

    /// Connects (bounded by `timeout`), then sends `AUTH` and `SELECT` as the endpoint asks.
    static func open(_ endpoint: RedisEndpoint, timeout: Duration) throws(Redis.Error) -> RedisConnection {
        _ = sigpipeIgnored
        let raw: UnsafeMutablePointer<redisContext>?
        let function: String
        switch endpoint.address {
        case .tcp(let host, let port):
            (raw, function) = (redisConnectWithTimeout(host, Int32(port), timeval(timeout)), "redisConnectWithTimeout")
        case .unix(let path):
            (raw, function) = (redisConnectUnixWithTimeout(path, timeval(timeout)), "redisConnectUnixWithTimeout")
        }
        let code = errno
        guard let raw else { throw Redis.Error(.connect, "\(function)(\(endpoint)) could not allocate a context") }
        let connection = RedisConnection(owned: raw)
        guard warden_redis_err(raw) == 0 else {
            throw connection.failure("\(function)(\(endpoint))", errno: code, reason: .connect)
        }
        try connection.setTimeout(timeout)
        try connection.handshake(endpoint)
        return connection
    }

    private func handshake(_ endpoint: RedisEndpoint) throws(Redis.Error) {
        if let password = endpoint.password {
            let user = endpoint.username.map { [$0] } ?? []
            if case .error(let message) = try self.command(["AUTH"] + user + [password]) {
                let redacted = password.isEmpty ? message : message.replacing(password, with: "***")
                throw Redis.Error(.auth, "AUTH rejected by \(endpoint): \(redacted)")
            }
        }
        if endpoint.database != 0, case .error(let message) = try self.command(["SELECT", "\(endpoint.database)"]) {
            throw Redis.Error(.serverError, "SELECT \(endpoint.database) rejected by \(endpoint): \(message)")
        }
    }

    /// Sets the socket send/receive timeout, which bounds every blocking read and write.
    func setTimeout(_ timeout: Duration) throws(Redis.Error) {
        guard timeout != self.appliedTimeout else { return }
        guard redisSetTimeout(self.context, timeval(timeout)) == REDIS_OK else {
            throw self.failure("redisSetTimeout", errno: errno)
        }
        self.appliedTimeout = timeout
    }

    /// The error for a failed hiredis call, classified from `ctx->err` and the `errno` it left.
    func failure(_ function: String, errno code: Int32, reason: Redis.Error.Reason? = nil) -> Redis.Error {
        let err = warden_redis_err(self.context)
        let message = err == 0 ? "no reply" : String(cString: warden_redis_errstr(self.context))
        let reason = reason ?? {
            if err == REDIS_ERR_PROTOCOL { return .protocol }
            let timedOut = [EAGAIN, EWOULDBLOCK, ETIMEDOUT].contains(code)
            return err == REDIS_ERR_IO && timedOut ? .timeout : .io
        }()
        return Redis.Error(reason, "\(function) failed: \(message) (hiredis err \(err), errno \(code))")
    }
}

@available(*, unavailable)
extension RedisConnection: Sendable {}

/// Set once, before the first connection: see `warden_redis_ignore_sigpipe` in shim.h.
private let sigpipeIgnored: Void = warden_redis_ignore_sigpipe()

extension timeval {
    /// A socket timeout; at least 1 ms, since a zero `timeval` would mean "wait forever".
    init(_ duration: Duration) {
        let (seconds, attoseconds) = max(duration, .milliseconds(1)).components
        self.init(tv_sec: time_t(seconds), tv_usec: suseconds_t(attoseconds / 1_000_000_000_000))
    }
}
