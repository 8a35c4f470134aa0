import Redis
import WardenCore

extension PipelineSupervisor {
    /// One pipeline: safe mode, `trade.closed` and each watched stream's last entry, and — when due —
    /// `XINFO STREAM/GROUPS/CONSUMERS` per watched group. Any failure leaves every Redis input nil.
    func sampleRedis(into inputs: inout SupervisorSet.Inputs, groups due: Bool) async {
        let streams = await state.watchedStreams
        let groups = due ? await state.watchedGroups : []
        var cmds: [[String]] = [["EXISTS", settings.safeModeKey], ["XREVRANGE", settings.streams.tradeClosed, "+", "-", "COUNT", "1"]]
        cmds += streams.map { ["XREVRANGE", $0, "+", "-", "COUNT", "1"] }
        for g in groups {
            cmds += [["XINFO", "STREAM", g.stream], ["XINFO", "GROUPS", g.stream], ["XINFO", "CONSUMERS", g.stream, g.group]]
        }
        let replies: [RedisValue]
        do {
            replies = try await redis.pipeline(cmds)
            // One reply per command, or nothing below can be trusted (and indexing would trap).
            guard replies.count == cmds.count else {
                inputs.redis = .failed(reason: "protocol")
                inputs.groupsUnreadable = due
                return
            }
            inputs.redis = .ok
        } catch {
            inputs.redis = .failed(reason: error.reason)
            inputs.groupsUnreadable = due
            return
        }
        inputs.safeModePresent = replies[0].int.map { $0 > 0 }
        inputs.tradeClosedHead = Self.head(replies[1])
        var heads: [String: StreamHead] = [:]
        for (i, s) in streams.enumerated() { heads[s] = Self.head(replies[2 + i]) }
        inputs.streamHeads = heads
        guard due else { return }
        var samples: [ConsumerGroupID: ConsumerGroupSample] = [:]
        for (i, g) in groups.enumerated() {
            let base = 2 + streams.count + 3 * i
            samples[g] = Self.group(g, stream: replies[base], groups: replies[base + 1], consumers: replies[base + 2])
        }
        inputs.groups = samples
    }

    /// The newest entry of an `XREVRANGE … COUNT 1` reply; `.missing` for an empty or absent stream.
    static func head(_ reply: RedisValue) -> StreamHead? {
        if case .error = reply { return nil }
        guard let id = reply.array?.first?.array?.first?.string else { return .missing }
        return .lastEntry(id: id)
    }

    /// A flat `[k1, v1, k2, v2, …]` reply as a dictionary.
    static func fields(_ reply: RedisValue) -> [String: RedisValue] {
        let flat = reply.array ?? []
        var out: [String: RedisValue] = [:]
        var i = 0
        while i + 1 < flat.count {
            if let k = flat[i].string { out[k] = flat[i + 1] }
            i += 2
        }
        return out
    }

    static func group(_ id: ConsumerGroupID, stream: RedisValue, groups: RedisValue, consumers: RedisValue) -> ConsumerGroupSample {
        // XINFO on a missing stream is an error reply: the group cannot exist either.
        if case .error = stream { return .missing }
        let info = fields(stream)
        guard let g = (groups.array ?? []).map(fields).first(where: { $0["name"]?.string == id.group }) else { return .missing }
        let members = (consumers.array ?? []).map(fields).map {
            ConsumerGroupSample.Consumer(name: $0["name"]?.string ?? "?", idle: .milliseconds($0["idle"]?.int ?? 0),
                                         pending: $0["pending"]?.int ?? 0)
        }
        // A nil `lag` stays nil: the evaluator computes it from ids where it can, never assumes 0.
        return ConsumerGroupSample(
            lag: g["lag"]?.int, entriesRead: g["entries-read"]?.int, lastDeliveredID: g["last-delivered-id"]?.string ?? "0-0",
            pending: g["pending"]?.int ?? 0, lastGeneratedID: info["last-generated-id"]?.string ?? "0-0",
            entriesAdded: info["entries-added"]?.int, consumers: members)
    }
}
