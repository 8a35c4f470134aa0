internal import CHiredis

extension RedisReply {
    /// Copies what `builder` holds after hiredis read one whole reply into it. A truncated array
    /// (fewer elements than announced) or an unknown element type is a protocol error.
    init(_ builder: UnsafePointer<warden_reply_builder>) throws(Redis.Error) {
        let b = builder.pointee
        var nodes: [Node] = []
        nodes.reserveCapacity(b.node_count)
        var owed = 1  // elements still to come: the root, then each array's elements
        for i in 0..<b.node_count {
            let raw = b.nodes[i]
            let kind: Kind
            switch raw.type {
            case REDIS_REPLY_NIL: kind = .null
            case REDIS_REPLY_STATUS: kind = .status
            case REDIS_REPLY_ERROR: kind = .error
            case REDIS_REPLY_INTEGER: kind = .integer
            case REDIS_REPLY_STRING: kind = .bulk
            case REDIS_REPLY_ARRAY: kind = .array
            default: throw Redis.Error(.protocol, "unknown hiredis reply type \(raw.type)")
            }
            guard raw.length >= 0 else { throw Redis.Error(.protocol, "reply element out of range") }
            if kind == .array { owed += Int(raw.value) }
            owed -= 1
            nodes.append(Node(kind: kind, start: Int(raw.value), count: kind == .array ? Int(raw.value) : Int(raw.length)))
        }
        guard owed == 0, !nodes.isEmpty else { throw Redis.Error(.protocol, "incomplete reply (\(owed) elements missing)") }
        let bytes = b.byte_count == 0 ? [] : Array(UnsafeRawBufferPointer(start: b.bytes, count: b.byte_count))
        self.init(nodes: nodes, bytes: bytes)
    }
}
