/// One thing wrong with the configuration, naming the key it is about.
///
/// Messages never quote values: a value may be a secret put in the wrong place.
public struct ConfigProblem: Sendable, Hashable, CustomStringConvertible {
    /// The key (`redis.url`), or `config` for the file as a whole.
    public let key: String
    public let message: String

    public init(key: String, _ message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "\(key): \(message)" }
}
