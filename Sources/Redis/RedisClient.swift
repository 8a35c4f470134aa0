internal import Blocking

/// A Redis client over one hiredis connection, opened on first use and reopened after a failure.
///
/// hiredis blocks, so the actor runs on its own `BlockingExecutor` thread, never on Swift's
/// cooperative pool: a `BLOCK 2000` read or a stopped server delays only this client's callers.
/// Calls are serialised; use one client per concurrent loop. Every socket read and write is
/// bounded by a timeout. A call that fails with an I/O error is not retried: the next call
/// reconnects, and whether to repeat a command is the caller's decision.
public actor RedisClient {
    nonisolated let executor = BlockingExecutor(label: "warden.redis")

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        self.executor.asUnownedSerialExecutor()
    }

    /// This client's thread, for `withTaskExecutorPreference`: a loop running there reaches the
    /// client without a thread hop per call.
    public nonisolated var taskExecutor: any TaskExecutor { self.executor }

    public nonisolated let endpoint: RedisEndpoint
    /// Bounds connecting, `AUTH` and `SELECT`.
    public nonisolated let connectTimeout: Duration
    /// Bounds each socket read and write of a call that passes no `timeout` of its own.
    public nonisolated let commandTimeout: Duration
    /// Told each call's duration and command name (`XADD`, `PIPELINE`), failed calls included (latency metrics).
    public nonisolated let onRequest: (@Sendable (Duration, String) -> Void)?

    private var connection: RedisConnection?
    private var isClosed = false
    /// Replies to commands sent with `send(_:)` that nobody has read yet, oldest first.
    var owed = 0
    /// Those replies, once a later call had to read past them; `receive()` hands them out.
    var received: [RedisReply] = []

    public init(endpoint: RedisEndpoint, connectTimeout: Duration = .seconds(2), commandTimeout: Duration = .seconds(2),
                onRequest: (@Sendable (Duration, String) -> Void)? = nil) {
        self.endpoint = endpoint
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.onRequest = onRequest
    }

    /// Parses `url` (see `RedisEndpoint.init(url:)`); throws reason `bad_url`.
    public init(url: String, connectTimeout: Duration = .seconds(2), commandTimeout: Duration = .seconds(2)) throws(Redis.Error) {
        self.init(endpoint: try RedisEndpoint(url: url), connectTimeout: connectTimeout, commandTimeout: commandTimeout)
    }

    /// Runs one command; a server error reply throws reason `server_error` and keeps the connection.
    ///
    /// `timeout` replaces `commandTimeout` for this call only: a blocking read such as
    /// `XREADGROUP … BLOCK 2000` needs the block time plus a margin.
    public func command(_ arguments: [String], timeout: Duration? = nil) async throws(Redis.Error) -> RedisValue {
        try await self.reply(arguments, timeout: timeout).value
    }

    /// Binary-safe form of `command(_:timeout:)`: arguments may hold any bytes.
    public func command(_ arguments: [[UInt8]], timeout: Duration? = nil) async throws(Redis.Error) -> RedisValue {
        try self.perform(Self.commandName(arguments), timeout: timeout) { connection throws(Redis.Error) in
            try connection.append(arguments)
        }.value
    }

    /// Drops the connection; every later call throws reason `closed`.
    public func close() {
        self.connection = nil
        self.owed = 0
        self.received = []
        self.isClosed = true
    }

    /// Like `command(_:timeout:)`, but hands the reply over flat (see ``RedisReply``): for large
    /// replies read in a loop, such as a stream batch.
    public func reply(_ arguments: [String], timeout: Duration? = nil) async throws(Redis.Error) -> RedisReply {
        // Only the name is copied to bytes (for the metric); the arguments go into the command once.
        try self.perform(Self.commandName([Array((arguments.first ?? "").utf8)]), timeout: timeout) {
            connection throws(Redis.Error) in try connection.append(arguments)
        }
    }

    /// Queues one command named `name` with `append`, then reads its reply.
    private func perform(
        _ name: String, timeout: Duration?, _ append: (RedisConnection) throws(Redis.Error) -> Void
    ) throws(Redis.Error) -> RedisReply {
        let started = ContinuousClock.now
        defer { onRequest?(ContinuousClock.now - started, name) }
        let reply = try self.withConnection(timeout: timeout) { connection throws(Redis.Error) in
            try append(connection)
            try self.collectOwed(connection)
            return try connection.reply()
        }
        if let message = reply.errorMessage {
            throw Redis.Error(.serverError, "\(name): \(message)")
        }
        return reply
    }

    /// Writes `commands` now and returns without waiting for their replies, so the server works on
    /// them while the caller does something else; `receive()` reads them later, in order. Calls
    /// made in between work as usual: they read past these replies and keep them for `receive()`.
    public func send(_ commands: [[String]], timeout: Duration? = nil) async throws(Redis.Error) {
        guard !commands.isEmpty else { return }
        try self.withConnection(timeout: timeout) { connection throws(Redis.Error) in
            for command in commands { try connection.append(command) }
            try connection.flush()
            self.owed += commands.count
        }
    }

    /// The reply to the oldest command sent with `send(_:)` and not yet received. A server error
    /// comes back in the reply (``RedisReply/errorMessage``). Throws reason `io` when there is
    /// none: never sent, or lost with a connection dropped since.
    public func receive(timeout: Duration? = nil) async throws(Redis.Error) -> RedisReply {
        if !self.received.isEmpty { return self.received.removeFirst() }
        guard self.owed > 0 else { throw Redis.Error(.io, "no reply owed: the connection was dropped since the command was sent") }
        return try self.withConnection(timeout: timeout) { connection throws(Redis.Error) in
            let reply = try connection.reply()
            self.owed -= 1
            return reply
        }
    }

    /// Reads the replies still owed to `send(_:)` and keeps them (queued commands go out first).
    func collectOwed(_ connection: RedisConnection) throws(Redis.Error) {
        while self.owed > 0 {
            self.received.append(try connection.reply())
            self.owed -= 1
        }
    }

    /// `XADD`, `HSET`…: the command's name, ASCII letters upper-cased, at most 32 bytes. Built for
    /// every call (latency metrics), so without Unicode case tables: command names are ASCII.
    static func commandName(_ arguments: [[UInt8]]) -> String {
        var name = Array(arguments.first?.prefix(32) ?? [])
        for i in name.indices where (0x61...0x7A).contains(name[i]) { name[i] -= 0x20 }
        return String(decoding: name, as: UTF8.self)  // an array: no generic (dynamic-cast) path
    }

    /// Runs `body` on the open connection (opening it first); drops it after any error except a server error reply.
    func withConnection<Result>(
        timeout: Duration?,
        _ body: (RedisConnection) throws(Redis.Error) -> Result
    ) throws(Redis.Error) -> Result {
        guard !self.isClosed else { throw Redis.Error(.closed, "the client for \(self.endpoint) was closed") }
        let connection: RedisConnection
        if let open = self.connection {
            connection = open
        } else {
            connection = try RedisConnection.open(self.endpoint, timeout: self.connectTimeout)
            self.connection = connection
        }
        do throws(Redis.Error) {
            try connection.setTimeout(timeout ?? self.commandTimeout)
            return try body(connection)
        } catch {
            if error.reason != Redis.Error.Reason.serverError.rawValue {
                self.connection = nil
                self.owed = 0  // lost with the connection; `received` keeps what was read
            }
            throw error
        }
    }
}
