public import Redis
public import WardenCore

/// Turns Redis stream replies into core ``StreamEntry`` values.
public enum StreamReply {
    /// `XREADGROUP`/`XREAD` reply: `[[stream, [[id, [f, v, …]], …]], …]`, or null when BLOCK timed out.
    /// An entry whose fields are null (deleted while pending) comes back with no fields.
    public static func entries(_ reply: RedisValue) -> [StreamEntry] {
        guard let streams = reply.array else { return [] }
        return streams.flatMap { stream -> [StreamEntry] in
            guard let parts = stream.array, parts.count == 2, let items = parts[1].array else { return [] }
            return items.compactMap(entry)
        }
    }

    /// `XAUTOCLAIM` reply: `[next-cursor, [[id, fields], …], [deleted-id, …]]`.
    public static func autoclaim(_ reply: RedisValue) -> (cursor: String, entries: [StreamEntry], deleted: [String])? {
        guard let parts = reply.array, parts.count >= 2, let cursor = parts[0].string, let items = parts[1].array else { return nil }
        let deleted = parts.count > 2 ? (parts[2].array ?? []).compactMap(\.string) : []
        return (cursor, items.compactMap(entry), deleted)
    }

    static func entry(_ value: RedisValue) -> StreamEntry? {
        guard let pair = value.array, pair.count == 2, let id = pair[0].string else { return nil }
        let flat = pair[1].array ?? []
        var fields: [StreamEntry.Field] = []
        fields.reserveCapacity(flat.count / 2)
        var i = 0
        while i + 1 < flat.count {
            fields.append(.init(name: flat[i].bytes ?? [], value: flat[i + 1].bytes ?? []))
            i += 2
        }
        return StreamEntry(id: id, fields: fields)
    }

    /// The last id in `entries`, for `XREAD` cursors.
    public static func lastID(_ entries: [StreamEntry]) -> String? { entries.last?.id }
}
