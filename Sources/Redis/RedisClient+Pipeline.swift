extension RedisClient {
    /// Sends all `commands` in one write and reads their replies in order.
    ///
    /// A server error for one command comes back as `.error` in its slot and the others still run;
    /// an I/O error or timeout throws and drops the connection (replies not yet read are lost).
    /// `timeout` bounds each socket read and write, not the whole pipeline.
    public func pipeline(_ commands: [[String]], timeout: Duration? = nil) async throws(Redis.Error) -> [RedisValue] {
        try self.performPipeline(count: commands.count, timeout: timeout) { connection throws(Redis.Error) in
            for command in commands { try connection.append(command) }
        }
    }

    /// Binary-safe form of `pipeline(_:timeout:)`.
    public func pipeline(_ commands: [[[UInt8]]], timeout: Duration? = nil) async throws(Redis.Error) -> [RedisValue] {
        try self.performPipeline(count: commands.count, timeout: timeout) { connection throws(Redis.Error) in
            for command in commands { try connection.append(command) }
        }
    }

    /// Queues `count` commands with `append`, then reads their replies.
    private func performPipeline(
        count: Int, timeout: Duration?, _ append: (RedisConnection) throws(Redis.Error) -> Void
    ) throws(Redis.Error) -> [RedisValue] {
        guard count > 0 else { return [] }
        let started = ContinuousClock.now
        defer { onRequest?(ContinuousClock.now - started, "PIPELINE") }
        return try self.withConnection(timeout: timeout) { connection throws(Redis.Error) in
            try append(connection)
            try self.collectOwed(connection)
            var replies: [RedisValue] = []
            replies.reserveCapacity(count)
            for _ in 0..<count {
                replies.append(try connection.reply().value)
            }
            return replies
        }
    }
}
