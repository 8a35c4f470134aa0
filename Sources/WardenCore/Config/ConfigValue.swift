/// A configuration value after parsing, before it is given meaning by ``WardenConfig``.
public enum ConfigValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)

    /// The kind of this value.
    public var kind: Kind {
        switch self {
        case .string: .string
        case .integer: .integer
        case .number: .number
        case .boolean: .boolean
        }
    }

    /// The value kinds a ``ConfigKey`` can declare.
    public enum Kind: String, Sendable {
        case string, integer, number, boolean

        /// How a problem message names the kind ("expected a number").
        public var article: String {
            switch self {
            case .integer: "an integer"
            default: "a \(self.rawValue)"
            }
        }
    }

    /// Coerces to the declared kind: integers are accepted where numbers are expected.
    public func coerced(to kind: Kind) -> ConfigValue? {
        switch (self, kind) {
        case (.integer(let i), .number): .number(Double(i))
        case _ where self.kind == kind: self
        default: nil
        }
    }

    /// Parses text from an environment variable as `kind`; nil when it does not parse.
    public static func parse(_ text: String, as kind: Kind) -> ConfigValue? {
        switch kind {
        case .string: return .string(text)
        case .integer: return Int(text).map(ConfigValue.integer)
        case .number:
            guard let d = Double(text), d.isFinite else { return nil }
            return .number(d)
        case .boolean:
            switch text.lowercased() {
            case "true", "1", "yes", "on": return .boolean(true)
            case "false", "0", "no", "off": return .boolean(false)
            default: return nil
            }
        }
    }

    /// TOML rendering of the value (strings quoted and escaped).
    public var tomlLiteral: String {
        switch self {
        case .string(let s): return Self.quoted(s)
        case .integer(let i): return String(i)
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(format1: d) : "\(d)"
        case .boolean(let b): return b ? "true" : "false"
        }
    }

    /// A TOML basic string: the escapes TOML and JSON share (`\"`, `\\`, `\n`, `\t`, `\r`, `\uXXXX`).
    static func quoted(_ s: String) -> String {
        var out = ""
        JSONValue.writeString(s, to: &out)
        return out
    }
}

extension String {
    /// A whole double rendered with one decimal ("2.0"), as TOML floats need a fraction.
    fileprivate init(format1 d: Double) { self = "\(Int(d)).0" }
}
