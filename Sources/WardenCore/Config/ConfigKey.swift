/// One key of the configuration file: where it lives, its kind, its default and what it means.
public struct ConfigKey: Sendable, Hashable {
    /// The TOML table the key sits in (`redis`).
    public let section: String
    /// The key inside its table (`url`).
    public let name: String
    /// The kind of value the key takes.
    public let kind: ConfigValue.Kind
    /// The value used when neither the file nor the environment sets the key.
    public let defaultValue: ConfigValue
    /// One line for people: printed by `warden check` and listed in the README.
    public let summary: String

    public init(_ section: String, _ name: String, _ defaultValue: ConfigValue, _ summary: String) {
        self.section = section
        self.name = name
        self.kind = defaultValue.kind
        self.defaultValue = defaultValue
        self.summary = summary
    }

    /// `section.name`, the way problems and docs name the key.
    public var path: String { "\(section).\(name)" }

    /// The environment variable that overrides the key: `WARDEN_<SECTION>_<KEY>`.
    public var environmentName: String { "WARDEN_\(section.uppercased())_\(name.uppercased())" }
}
