import WardenCore

/// A parsed TOML table by key.
typealias TOMLTable = [String: TOMLValue]

/// Reads a TOML file of `[section]` tables against a key schema: every key must be known and of
/// its kind. Shared by the config file and the alert rule file. Problems never quote values.
enum TOMLDocument {
    /// The parsed file, or nil with one problem (missing, unreadable, not TOML — with line and column).
    static func table(at path: String, problems: inout [ConfigProblem]) -> TOMLTable? {
        let text: String
        switch FileReading.text(path) {
        case .success(let t): text = t
        case .failure(.missing):
            problems.append(ConfigProblem(key: "config", "cannot read \(path): no such file"))
            return nil
        case .failure(.unreadable(let why)):
            problems.append(ConfigProblem(key: "config", "cannot read \(path): \(why)"))
            return nil
        }
        switch TOMLParser.parse(text) {
        case .success(let table): return table
        case .failure(let error):
            let at = "line \(error.line), column \(error.column)"
            problems.append(ConfigProblem(key: "config", "\(path) is not valid TOML at \(at): \(error.message)"))
            return nil
        }
    }

    /// The values by `section.key`, type-checked against `keys`. Paths in `special` are handed
    /// to `handle` untouched (arrays of tables, for example).
    static func values(_ table: TOMLTable, sections: [String], keys: [String: ConfigKey], special: Set<String> = [],
                       handle: (String, TOMLValue) -> Void = { _, _ in })
        -> (values: [String: ConfigValue], problems: [ConfigProblem])
    {
        var values: [String: ConfigValue] = [:]
        var problems: [ConfigProblem] = []
        for (section, sectionValue) in table.sorted(by: { $0.0 < $1.0 }) {
            guard sections.contains(section) else {
                problems.append(ConfigProblem(key: section, "unknown section or key"))
                continue
            }
            guard let sectionTable = sectionValue.table else {
                problems.append(ConfigProblem(key: section, "must be a table ([\(section)])"))
                continue
            }
            for (name, value) in sectionTable.sorted(by: { $0.0 < $1.0 }) {
                let path = "\(section).\(name)"
                if special.contains(path) {
                    handle(path, value)
                    continue
                }
                guard let key = keys[path] else {
                    problems.append(ConfigProblem(key: path, "unknown key"))
                    continue
                }
                guard let parsed = value.configValue?.coerced(to: key.kind) else {
                    problems.append(ConfigProblem(key: path, "expected \(key.kind.article), got \(value.typeDescription)"))
                    continue
                }
                values[path] = parsed
            }
        }
        return (values, problems)
    }
}
