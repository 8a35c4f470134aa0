internal import CHiredis

extension RedisValue {
    /// Converts a reply tree from hiredis and frees it with `freeReplyObject`.
    init(consuming reply: UnsafeMutableRawPointer) throws(Redis.Error) {
        defer { freeReplyObject(reply) }
        try self.init(reply.assumingMemoryBound(to: redisReply.self).pointee)
    }

    private init(_ reply: redisReply) throws(Redis.Error) {
        switch reply.type {
        case REDIS_REPLY_NIL:
            self = .null
        case REDIS_REPLY_INTEGER:
            self = .integer(Int64(reply.integer))
        case REDIS_REPLY_STRING:
            self = .bulk(Self.bytes(reply))
        case REDIS_REPLY_STATUS:
            self = .status(String(decoding: Self.bytes(reply), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            self = .error(String(decoding: Self.bytes(reply), as: UTF8.self))
        case REDIS_REPLY_ARRAY:
            var elements: [RedisValue] = []
            elements.reserveCapacity(reply.elements)
            for index in 0..<reply.elements {
                guard let element = reply.element[index] else {
                    throw Redis.Error(.protocol, "array reply with a missing element")
                }
                elements.append(try RedisValue(element.pointee))
            }
            self = .array(elements)
        default:
            throw Redis.Error(.protocol, "unknown hiredis reply type \(reply.type)")
        }
    }

    private static func bytes(_ reply: redisReply) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: reply.str, count: reply.len))
    }
}
