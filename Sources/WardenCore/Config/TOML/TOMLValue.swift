/// A parsed TOML value (TOML 1.0 without dates and times), as ``TOMLParser`` returns it.
public enum TOMLValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case array([TOMLValue])
    case table([String: TOMLValue])

    /// How a problem message names the value's type ("a string", "an integer").
    public var typeDescription: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .boolean: "a boolean"
        case .array: "an array"
        case .table: "a table"
        }
    }

    /// The table's entries, or nil when the value is not a table.
    public var table: [String: TOMLValue]? {
        if case .table(let t) = self { return t }
        return nil
    }

    /// The array's elements, or nil when the value is not an array.
    public var array: [TOMLValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The scalar as a ``ConfigValue``; nil for arrays and tables.
    public var configValue: ConfigValue? {
        switch self {
        case .string(let s): .string(s)
        case .integer(let i): .integer(i)
        case .float(let d): .number(d)
        case .boolean(let b): .boolean(b)
        case .array, .table: nil
        }
    }
}
