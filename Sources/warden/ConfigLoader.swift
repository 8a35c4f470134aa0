import WardenCore

/// Reads the TOML file, the `WARDEN_<SECTION>_<KEY>` environment and the secrets into a
/// ``WardenConfig``, collecting every problem with the key it is about.
///
/// Messages never quote a value: a secret pasted into the wrong place must not reach a terminal.
struct ConfigLoader {
    /// The process environment (injected so tests can pass their own).
    var environment: [String: String] = ConfigLoader.processEnvironment

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
        /// The supervisor rules (`alerts.rules`, or the built-in defaults).
        var rules: SupervisionRules?
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
        outcome.rules = loadRules(outcome.config?.alerts.rulesPath ?? "", problems: &outcome.problems)
        if outcome.rules == nil { outcome.config = nil }
        return outcome
    }

    /// Reads the rule file against `SupervisionRules.schema`; empty path means the built-in defaults.
    /// Problems are named `rules <section.key>` so they cannot be mistaken for config keys.
    func loadRules(_ path: String, problems: inout [ConfigProblem]) -> SupervisionRules? {
        guard !path.isEmpty else { return SupervisionRules.defaults }
        var fileProblems: [ConfigProblem] = []
        guard let table = TOMLDocument.table(at: path, problems: &fileProblems) else {
            problems += fileProblems.map { ConfigProblem(key: "alerts.rules", $0.message) }
            return nil
        }
        let flat = TOMLDocument.values(table, sections: SupervisionRules.sections, keys: SupervisionRules.schemaByPath)
        var found = flat.problems
        var rules: SupervisionRules?
        switch SupervisionRules.resolve(flat.values) {
        case .success(let r): rules = r
        case .failure(let p): found += p.problems
        }
        problems += found.map { ConfigProblem(key: "rules \($0.key)", $0.message) }
        return found.isEmpty ? rules : nil
    }

    private func readFile(_ path: String, into outcome: inout Outcome) {
        guard let table = TOMLDocument.table(at: path, problems: &outcome.problems) else { return }
        let flat = TOMLDocument.values(table, sections: ConfigSchema.sections, keys: ConfigSchema.byPath,
                                       special: ["alerts.route"]) { path, value in
            if path == "alerts.route" { readRoutes(value, into: &outcome) }
        }
        outcome.problems += flat.problems
        for (path, value) in flat.values {
            outcome.values[path] = value
            outcome.origins[path] = "file"
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
}
