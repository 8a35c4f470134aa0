/// One header field; requests and responses keep them as an ordered list.
public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension [HTTPHeader] {
    /// The first value of the header called `name`, compared case-insensitively; nil if absent.
    public func first(named name: String) -> String? {
        let wanted = name.lowercased()
        return self.first { $0.name.lowercased() == wanted }?.value
    }
}
