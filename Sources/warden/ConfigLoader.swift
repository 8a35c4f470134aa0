import Foundation
import TOMLKit
import WardenCore

/// Reads the TOML file, the `WARDEN_<SECTION>_<KEY>` environment and the secrets into a
/// ``WardenConfig``, collecting every problem with the key it is about.
///
/// Messages never quote a value: a secret pasted into the wrong place must not reach a terminal.
struct ConfigLoader {
    /// The process environment (injected so tests can pass their own).
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// What loading produced: the config if it is valid, plus what `warden check` prints.
    struct Outcome {
        var values: [String: ConfigValue] = [:]
        var origins: [String: String] = [:]
        var secrets = Secrets()
        /// The `[[alerts.route]]` tables by key name, and where each value came from.
        var routes: [[String: ConfigValue]] = []
        var routeOrigins: [[String: String]] = []
        var problems: [ConfigProblem] = []
        var config: WardenConfig?
    }

    func load(path: String) -> Outcome {
        var outcome = Outcome()
        readFile(path, into: &outcome)
        applyEnvironment(into: &outcome)
        applyRouteEnvironment(into: &outcome)
        readSecrets(into: &outcome)
        readRouteCredentials(into: &outcome)
        switch WardenConfig.resolve(outcome.values, routes: outcome.routes, secrets: outcome.secrets) {
        case .success(let config): if outcome.problems.isEmpty { outcome.config = config }
        case .failure(let problems):
            // A route key already reported while loading (an unreadable credential) gets one line, not two.
            let reported = Set(outcome.problems.map(\.key).filter { $0.hasPrefix("alerts.route") })
            outcome.problems += problems.problems.filter { !reported.contains($0.key) }
        }
        return outcome
    }

    private func readFile(_ path: String, into outcome: inout Outcome) {
        let text: String
        switch FileReading.text(path) {
        case .success(let t): text = t
        case .failure(.missing):
            outcome.problems.append(ConfigProblem(key: "config", "cannot read \(path): no such file"))
            return
        case .failure(.unreadable(let why)):
            outcome.problems.append(ConfigProblem(key: "config", "cannot read \(path): \(why)"))
            return
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let where_ = "line \(error.source.begin.line), column \(error.source.begin.column)"
            outcome.problems.append(ConfigProblem(key: "config", "\(path) is not valid TOML at \(where_): \(error.description)"))
            return
        } catch {
            outcome.problems.append(ConfigProblem(key: "config", "\(path) is not valid TOML"))
            return
        }
        for (section, sectionValue) in table.sorted(by: { $0.0 < $1.0 }) {
            guard ConfigSchema.sections.contains(section) else {
                outcome.problems.append(ConfigProblem(key: section, "unknown section or key"))
                continue
            }
            guard let sectionTable = sectionValue.table else {
                outcome.problems.append(ConfigProblem(key: section, "must be a table ([\(section)])"))
                continue
            }
            for (name, value) in sectionTable.sorted(by: { $0.0 < $1.0 }) {
                let path = "\(section).\(name)"
                if path == "alerts.route" {
                    readRoutes(value, into: &outcome)
                    continue
                }
                guard let key = ConfigSchema.byPath[path] else {
                    outcome.problems.append(ConfigProblem(key: path, "unknown key"))
                    continue
                }
                guard let parsed = Self.configValue(value)?.coerced(to: key.kind) else {
                    outcome.problems.append(ConfigProblem(key: path, "expected \(key.kind.article), got a \(value.type)"))
                    continue
                }
                outcome.values[path] = parsed
                outcome.origins[path] = "file"
            }
        }
    }

    private func applyEnvironment(into outcome: inout Outcome) {
        for key in ConfigSchema.keys {
            guard let text = environment[key.environmentName] else { continue }
            guard let value = ConfigValue.parse(text, as: key.kind) else {
                outcome.problems.append(ConfigProblem(
                    key: key.path, "\(key.environmentName) must be \(key.kind.article)"))
                continue
            }
            outcome.values[key.path] = value
            outcome.origins[key.path] = "env \(key.environmentName)"
        }
    }

    static func configValue(_ value: any TOMLValueConvertible) -> ConfigValue? {
        switch value.type {
        case .string: value.string.map(ConfigValue.string)
        case .int: value.int.map(ConfigValue.integer)
        case .double: value.double.map(ConfigValue.number)
        case .bool: value.bool.map(ConfigValue.boolean)
        default: nil
        }
    }
}
