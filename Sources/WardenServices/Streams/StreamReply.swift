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

    /// The same as ``entries(_:)`` from a flat reply, into one batch over the reply's bytes (no
    /// copy of them): `XREADGROUP`/`XREAD` of many entries without an allocation per field.
    public static func batch(_ reply: RedisReply) -> StreamBatch {
        var batch = StreamBatch(bytes: reply.bytes)
        let nodes = reply.nodes
        guard let root = nodes.first, root.kind == .array else { return batch }  // null: BLOCK timed out
        var i = 1
        for _ in 0..<root.count where i < nodes.count {
            let next = reply.skip(i)  // [stream name, [entries]]
            defer { i = next }
            guard nodes[i].kind == .array, nodes[i].count == 2 else { continue }
            let list = reply.skip(i + 1)
            guard list < next, nodes[list].kind == .array else { continue }
            var e = list + 1
            for _ in 0..<nodes[list].count where e < next {
                e = entry(reply, at: e, into: &batch)
            }
        }
        return batch
    }

    /// Adds the `[id, [f, v, …]]` at node `index` to `batch` (a field that is not a string counts
    /// as empty, as in ``entry(_:)``); returns the index after it.
    static func entry(_ reply: RedisReply, at index: Int, into batch: inout StreamBatch) -> Int {
        let nodes = reply.nodes
        let end = reply.skip(index)
        guard nodes[index].kind == .array, nodes[index].count == 2, index + 1 < end,
              nodes[index + 1].kind == .bulk || nodes[index + 1].kind == .status,
              reply.slice(index + 1).allSatisfy({ $0 < 0x80 }) || String(validating: reply.slice(index + 1), as: UTF8.self) != nil
        else { return end }
        let id = StreamBatch.Span(start: nodes[index + 1].start, count: nodes[index + 1].count)
        let list = index + 2
        guard list < end, nodes[list].kind == .array else {
            batch.append(id: id, fieldCount: 0) { _ in .init(start: 0, count: 0) }
            return end
        }
        // Field nodes are strings in practice; anything nested is skipped whole and counts as empty.
        var f = list + 1
        batch.append(id: id, fieldCount: nodes[list].count) { _ in
            let node = nodes[f]
            f = node.kind == .array ? reply.skip(f) : f + 1
            return node.kind == .bulk ? .init(start: node.start, count: node.count) : .init(start: 0, count: 0)
        }
        return end
    }

    /// The last id in `entries`, for `XREAD` cursors.
    public static func lastID(_ entries: [StreamEntry]) -> String? { entries.last?.id }
}
