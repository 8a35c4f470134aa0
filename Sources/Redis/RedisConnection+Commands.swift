internal import CHiredis
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

extension RedisConnection {
    /// Sends one command and reads its reply. A server error reply comes back as `.error`.
    func command(_ arguments: [String]) throws(Redis.Error) -> RedisValue {
        try self.command(arguments.map { Array($0.utf8) })
    }

    /// Binary-safe form: every argument is sent with its length, so it may hold `\0` or `\r\n`.
    func command(_ arguments: [[UInt8]]) throws(Redis.Error) -> RedisValue {
        guard !arguments.isEmpty else { throw Redis.Error(.protocol, "empty command") }
        let reply = withArgv(arguments) { redisCommandArgv(self.context, $0, $1, $2) }
        let code = errno
        guard let reply else { throw self.failure("redisCommandArgv", errno: code) }
        return try RedisValue(consuming: reply)
    }

    /// Queues a command in the output buffer; `reply()` flushes it and reads the answers in order.
    func append(_ arguments: [[UInt8]]) throws(Redis.Error) {
        guard !arguments.isEmpty else { throw Redis.Error(.protocol, "empty command in pipeline") }
        let status = withArgv(arguments) { redisAppendCommandArgv(self.context, $0, $1, $2) }
        let code = errno
        guard status == REDIS_OK else { throw self.failure("redisAppendCommandArgv", errno: code) }
    }

    /// Reads the next reply of a pipeline, writing any queued commands first.
    func reply() throws(Redis.Error) -> RedisValue {
        var reply: UnsafeMutableRawPointer?
        let status = redisGetReply(self.context, &reply)
        let code = errno
        guard status == REDIS_OK, let reply else { throw self.failure("redisGetReply", errno: code) }
        return try RedisValue(consuming: reply)
    }
}

/// Lays the arguments out in one buffer and calls `body` with hiredis's argc, argv and argvlen.
private func withArgv<Result>(
    _ arguments: [[UInt8]],
    _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> Result
) -> Result {
    var storage: [UInt8] = []
    storage.reserveCapacity(arguments.reduce(1) { $0 + $1.count })
    var offsets: [Int] = []
    var lengths: [Int] = []
    offsets.reserveCapacity(arguments.count)
    lengths.reserveCapacity(arguments.count)
    // A plain loop, not `map(\.count)`: the key path was projected at run time, per argument.
    for argument in arguments {
        offsets.append(storage.count)
        lengths.append(argument.count)
        storage.append(contentsOf: argument)
    }
    storage.append(0)  // never empty, so the buffer always has a base address
    return storage.withUnsafeBytes { bytes in
        var argv = offsets.map { Optional(bytes.baseAddress!.advanced(by: $0).assumingMemoryBound(to: CChar.self)) }
        return argv.withUnsafeMutableBufferPointer { argv in
            lengths.withUnsafeBufferPointer { lengths in
                body(Int32(arguments.count), argv.baseAddress!, lengths.baseAddress!)
            }
        }
    }
}
