/// The newest entry of a stream as read from Redis, or the fact that the stream does not exist.
/// A reading that failed is not a `StreamHead`: callers pass `nil`.
public enum StreamHead: Sendable, Hashable {
    /// The id of the newest entry (`XINFO STREAM` `last-generated-id`, or `XREVRANGE … COUNT 1`).
    case lastEntry(id: String)
    /// No such key, or a stream with no entry ever added.
    case missing

    /// The last entry's time from its id (`<ms>-<seq>`); nil when missing, `0-0` or unparsable.
    public var time: WallTime? {
        guard case .lastEntry(let id) = self, let ms = StreamID.milliseconds(id), ms > 0 else { return nil }
        return WallTime(milliseconds: ms)
    }

    /// The id, or nil when missing.
    public var id: String? {
        if case .lastEntry(let id) = self { return id }
        return nil
    }
}
