/// A watched consumer group: a full stream key and a group name. Its alert subject is
/// `<stream>/<group>` (`quantum:stream:trade.intent/execution_group`).
public struct ConsumerGroupID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var stream: String
    public var group: String

    public init(stream: String, group: String) {
        self.stream = stream
        self.group = group
    }

    /// Parses `stream/group`, splitting at the last `/`; nil when either side is empty.
    public init?(parsing text: String) {
        guard let slash = text.lastIndex(of: "/") else { return nil }
        let stream = String(text[..<slash])
        let group = String(text[text.index(after: slash)...])
        guard !stream.isEmpty, !group.isEmpty else { return nil }
        self.init(stream: stream, group: group)
    }

    public var subject: String { "\(stream)/\(group)" }

    public var description: String { subject }

    /// The same group with its stream resolved against `streams.prefix`, as ``StreamNames`` does.
    public func resolved(prefix: String) -> ConsumerGroupID {
        ConsumerGroupID(stream: stream.hasPrefix(prefix) ? stream : prefix + stream, group: group)
    }

    public static func < (a: ConsumerGroupID, b: ConsumerGroupID) -> Bool { (a.stream, a.group) < (b.stream, b.group) }
}
