/// One reply as hiredis's reader handed it over, flat: its elements in pre-order (an array before
/// its elements) and every string's bytes in one buffer. Reading a 500-entry stream batch this way
/// costs two buffers instead of two allocations per element in hiredis and one more per element
/// for a ``RedisValue`` tree; ``value`` builds that tree when a caller wants it.
public struct RedisReply: Sendable {
    public enum Kind: UInt8, Sendable {
        case null, status, error, integer, bulk, array
    }

    /// One element. For a string (`bulk`, `status`, `error`) `start` and `count` locate its bytes
    /// in ``bytes``; for an integer `start` is the value; for an array `count` is its number of
    /// elements, which follow it (each with its own elements, recursively).
    public struct Node: Sendable {
        public var kind: Kind
        public var start: Int
        public var count: Int

        public init(kind: Kind, start: Int, count: Int) {
            self.kind = kind
            self.start = start
            self.count = count
        }
    }

    public var nodes: [Node]
    public var bytes: [UInt8]

    public init(nodes: [Node], bytes: [UInt8]) {
        self.nodes = nodes
        self.bytes = bytes
    }

    /// The string bytes of the node at `index` (empty for other kinds).
    public func slice(_ index: Int) -> ArraySlice<UInt8> {
        let node = nodes[index]
        switch node.kind {
        case .bulk, .status, .error: return bytes[node.start..<node.start + node.count]
        default: return []
        }
    }

    /// The index just after the node at `index` and everything nested in it.
    public func skip(_ index: Int) -> Int {
        var i = index
        var remaining = 1
        while remaining > 0, i < nodes.count {
            if nodes[i].kind == .array { remaining += nodes[i].count }
            remaining -= 1
            i += 1
        }
        return i
    }

    /// The server's error text when the whole reply is an error.
    public var errorMessage: String? {
        guard let first = nodes.first, first.kind == .error else { return nil }
        return String(decoding: slice(0), as: UTF8.self)
    }

    /// The reply as a tree.
    public var value: RedisValue {
        guard !nodes.isEmpty else { return .null }
        var cursor = 0
        return tree(&cursor)
    }

    private func tree(_ cursor: inout Int) -> RedisValue {
        let index = cursor
        cursor += 1
        let node = nodes[index]
        switch node.kind {
        case .null: return .null
        case .integer: return .integer(Int64(node.start))
        case .bulk: return .bulk(Array(slice(index)))
        case .status: return .status(String(decoding: slice(index), as: UTF8.self))
        case .error: return .error(String(decoding: slice(index), as: UTF8.self))
        case .array:
            var elements: [RedisValue] = []
            elements.reserveCapacity(node.count)
            for _ in 0..<node.count where cursor < nodes.count { elements.append(tree(&cursor)) }
            return .array(elements)
        }
    }
}
