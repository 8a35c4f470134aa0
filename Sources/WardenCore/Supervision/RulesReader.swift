/// Reads typed rule values by key path, falling back to the ``SupervisionRules/schema`` default,
/// and collects problems naming the key. Messages never quote a value.
struct RulesReader {
    let values: [String: ConfigValue]
    var problems: [ConfigProblem] = []

    /// Reports keys the schema does not know and values of the wrong kind up front.
    init(values: [String: ConfigValue]) {
        self.values = values
        for (path, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let key = SupervisionRules.schemaByPath[path] else {
                problems.append(ConfigProblem(key: path, "unknown key"))
                continue
            }
            if value.coerced(to: key.kind) == nil { problems.append(ConfigProblem(key: path, "expected \(key.kind.article)")) }
        }
    }

    private func value(_ path: String) -> ConfigValue {
        guard let key = SupervisionRules.schemaByPath[path] else { preconditionFailure("\(path) is not in the rules schema") }
        return values[path]?.coerced(to: key.kind) ?? key.defaultValue
    }

    /// An integer that must lie in `range`; out of range is a problem and yields the default.
    mutating func int(_ path: String, in range: ClosedRange<Int>, unit: String = "") -> Int {
        guard case .integer(let i) = value(path), case .integer(let fallback) = SupervisionRules.schemaByPath[path]!.defaultValue
        else { preconditionFailure("\(path) is not an integer key") }
        guard range.contains(i) else {
            fail(path, "must be from \(range.lowerBound) to \(range.upperBound)\(unit)")
            return fallback
        }
        return i
    }

    mutating func seconds(_ path: String, in range: ClosedRange<Int>) -> Duration {
        .seconds(int(path, in: range, unit: " s"))
    }

    mutating func severity(_ path: String) -> Severity {
        guard case .string(let s) = value(path) else { preconditionFailure("\(path) is not a string key") }
        if let severity = Severity(rawValue: s) { return severity }
        fail(path, "must be one of warning, critical")
        return .critical
    }

    /// A comma-separated list: items trimmed, empty items dropped. Each item must pass `check`
    /// (which returns what is wrong), and the list must have no duplicates and at most `maxItems`.
    mutating func list(_ path: String, maxItems: Int, check: (String) -> String?) -> [String] {
        guard case .string(let s) = value(path) else { preconditionFailure("\(path) is not a string key") }
        let items = s.split(separator: ",").map { Self.trimmed($0) }.filter { !$0.isEmpty }
        if items.count > maxItems { fail(path, "must list at most \(maxItems) items"); return [] }
        if Set(items).count != items.count { fail(path, "lists an item more than once"); return [] }
        for (n, item) in items.enumerated() {
            if let why = check(item) { fail(path, "item \(n + 1) \(why)"); return [] }
        }
        return items
    }

    static func trimmed(_ s: Substring) -> String {
        String(s.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    mutating func fail(_ path: String, _ message: String) {
        problems.append(ConfigProblem(key: path, message))
    }
}
