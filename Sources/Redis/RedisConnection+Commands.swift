internal import CHiredis
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

extension RedisConnection {
    /// Sends one command and reads its reply. A server error reply comes back as `.error`.
    func command(_ arguments: [String]) throws(Redis.Error) -> RedisValue {
        try self.append(arguments)
        return try self.reply().value
    }

    /// Queues a command in the output buffer; `reply()` flushes it and reads the answers in order.
    /// Binary-safe: every argument is sent with its length, so it may hold `\0` or `\r\n`.
    func append(_ arguments: [[UInt8]]) throws(Redis.Error) {
        guard !arguments.isEmpty else { throw Redis.Error(.protocol, "empty command") }
        try self.appendFormatted(resp(arguments, size: { $0.count }, add: { $0.append(contentsOf: $1) }))
    }

    /// The same for text arguments, copied into the command buffer once (no array per argument).
    func append(_ arguments: [String]) throws(Redis.Error) {
        guard !arguments.isEmpty else { throw Redis.Error(.protocol, "empty command") }
        try self.appendFormatted(resp(arguments, size: { $0.utf8.count }, add: { $0.append(contentsOf: $1.utf8) }))
    }

    private func appendFormatted(_ command: [UInt8]) throws(Redis.Error) {
        let status = command.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { redisAppendFormattedCommand(self.context, $0.baseAddress, $0.count) }
        }
        let code = errno
        guard status == REDIS_OK else { throw self.failure("redisAppendFormattedCommand", errno: code) }
    }

    /// Writes every queued command now, without reading a reply.
    func flush() throws(Redis.Error) {
        var done: Int32 = 0
        repeat {
            guard redisBufferWrite(self.context, &done) == REDIS_OK else { throw self.failure("redisBufferWrite", errno: errno) }
        } while done == 0
    }

    /// Reads the next reply, writing any queued commands first.
    func reply() throws(Redis.Error) -> RedisReply {
        warden_reply_reset(self.builder)
        var reply: UnsafeMutableRawPointer?
        let status = redisGetReply(self.context, &reply)
        let code = errno
        guard status == REDIS_OK, reply != nil else { throw self.failure("redisGetReply", errno: code) }
        defer { self.trimBuilder() }
        return try RedisReply(self.builder)
    }

    /// A rare huge reply must not pin its buffers for the connection's life.
    private func trimBuilder() {
        let b = self.builder.pointee
        if b.byte_capacity > 4 << 20 || b.node_capacity > 256 << 10 { warden_reply_release(self.builder) }
    }
}

/// The command in RESP, as hiredis's own formatting would write it: `*<count>\r\n`, then
/// `$<length>\r\n<bytes>\r\n` per argument, in one buffer (hiredis formatted each length with a
/// printf-like call, and needed the arguments laid out in another buffer first).
private func resp<Argument>(_ arguments: [Argument], size: (Argument) -> Int, add: (inout [UInt8], Argument) -> Void) -> [UInt8] {
    var total = 16
    for argument in arguments { total += size(argument) + 16 }
    var out: [UInt8] = []
    out.reserveCapacity(total)
    header(&out, UInt8(ascii: "*"), arguments.count)
    for argument in arguments {
        header(&out, UInt8(ascii: "$"), size(argument))
        add(&out, argument)
        out.append(13)
        out.append(10)
    }
    return out
}

/// `<marker><decimal>\r\n`.
private func header(_ out: inout [UInt8], _ marker: UInt8, _ value: Int) {
    out.append(marker)
    out.append(contentsOf: String(value).utf8)  // a small string: no allocation
    out.append(13)
    out.append(10)
}
