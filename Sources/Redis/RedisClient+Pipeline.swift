extension RedisClient {
    /// Sends all `commands` in one write and reads their replies in order.
    ///
    /// A server error for one command comes back as `.error` in its slot and the others still run;
    /// an I/O error or timeout throws and drops the connection (replies not yet read are lost).
    /// `timeout` bounds each socket read and write, not the whole pipeline.
    public func pipeline(_ commands: [[String]], timeout: Duration? = nil) async throws(Redis.Error) -> [RedisValue] {
        try self.performPipeline(commands.map { $0.map { Array($0.utf8) } }, timeout: timeout)
    }

    /// Binary-safe form of `pipeline(_:timeout:)`.
    public func pipeline(_ commands: [[[UInt8]]], timeout: Duration? = nil) async throws(Redis.Error) -> [RedisValue] {
        try self.performPipeline(commands, timeout: timeout)
    }

    private func performPipeline(_ commands: [[[UInt8]]], timeout: Duration?) throws(Redis.Error) -> [RedisValue] {
        guard !commands.isEmpty else { return [] }
        let started = ContinuousClock.now
        defer { onRequest?(ContinuousClock.now - started, "PIPELINE") }
        return try self.withConnection(timeout: timeout) { connection throws(Redis.Error) in
            for command in commands {
                try connection.append(command)
            }
            var replies: [RedisValue] = []
            replies.reserveCapacity(commands.count)
            for _ in commands {
                replies.append(try connection.reply())
            }
            return replies
        }
    }
}
