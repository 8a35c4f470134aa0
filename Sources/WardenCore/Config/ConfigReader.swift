/// Reads typed values by key path, falling back to the schema default, and collects problems.
struct ConfigReader {
    let values: [String: ConfigValue]
    var problems: [ConfigProblem] = []
    /// The `[[alerts.route]]` tables, each by key name.
    var routeTables: [[String: ConfigValue]] = []
    /// Secrets, for the routes' `*_credential` keys.
    var secrets = Secrets()

    private func value(_ path: String) -> ConfigValue {
        guard let key = ConfigSchema.byPath[path] else { preconditionFailure("\(path) is not in ConfigSchema") }
        return values[path]?.coerced(to: key.kind) ?? key.defaultValue
    }

    func string(_ path: String) -> String {
        guard case .string(let s) = value(path) else { preconditionFailure("\(path) is not a string key") }
        return s
    }

    func bool(_ path: String) -> Bool {
        guard case .boolean(let b) = value(path) else { preconditionFailure("\(path) is not a boolean key") }
        return b
    }

    /// An integer that must lie in `range`; out of range is a problem and yields the default.
    mutating func int(_ path: String, in range: ClosedRange<Int>, unit: String = "") -> Int {
        guard case .integer(let i) = value(path) else { preconditionFailure("\(path) is not an integer key") }
        guard range.contains(i) else {
            fail(path, "must be from \(range.lowerBound) to \(range.upperBound)\(unit)")
            guard case .integer(let d) = ConfigSchema.byPath[path]!.defaultValue else { return range.lowerBound }
            return d
        }
        return i
    }

    /// A number that must be finite and lie in `range` (open at the bottom when `aboveZero`).
    mutating func number(_ path: String, in range: ClosedRange<Double>, aboveZero: Bool = false, unit: String = "") -> Double {
        guard case .number(let d) = value(path) else { preconditionFailure("\(path) is not a number key") }
        let ok = d.isFinite && range.contains(d) && (!aboveZero || d > 0)
        guard ok else {
            let (low, high) = (Self.plain(range.lowerBound), Self.plain(range.upperBound))
            fail(path, aboveZero ? "must be greater than \(low) and at most \(high)\(unit)" : "must be from \(low) to \(high)\(unit)")
            guard case .number(let def) = ConfigSchema.byPath[path]!.defaultValue else { return range.upperBound }
            return def
        }
        return d
    }

    /// One of an enum's raw values.
    mutating func choice<E: RawRepresentable & CaseIterable>(_ path: String, _: E.Type) -> E where E.RawValue == String {
        let s = string(path)
        if let e = E(rawValue: s) { return e }
        fail(path, "must be one of " + E.allCases.map(\.rawValue).joined(separator: ", "))
        return E(rawValue: ConfigSchema.byPath[path]!.defaultValue.stringValue)!
    }

    /// `2` for 2.0, `0.5` for 0.5.
    static func plain(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
    }

    mutating func fail(_ path: String, _ message: String) {
        problems.append(ConfigProblem(key: path, message))
    }
}

extension ConfigValue {
    var stringValue: String {
        if case .string(let s) = self { return s }
        return tomlLiteral
    }
}
