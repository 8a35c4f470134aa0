import WardenCore

extension ConfigLoader {
    /// `[[alerts.route]]`: an array of tables, each key type-checked against ``AlertRoute/keys``.
    func readRoutes(_ value: TOMLValue, into outcome: inout Outcome) {
        guard let array = value.array, array.allSatisfy({ $0.table != nil }) else {
            outcome.problems.append(ConfigProblem(key: "alerts.route", "must be an array of tables ([[alerts.route]])"))
            return
        }
        for (index, element) in array.enumerated() {
            var values: [String: ConfigValue] = [:], origins: [String: String] = [:]
            for (name, value) in (element.table ?? [:]).sorted(by: { $0.0 < $1.0 }) {
                let path = AlertRoute.path(index, name)
                guard let key = AlertRoute.keysByName[name] else {
                    outcome.problems.append(ConfigProblem(key: path, "unknown key"))
                    continue
                }
                guard let parsed = value.configValue?.coerced(to: key.kind) else {
                    outcome.problems.append(ConfigProblem(key: path, "expected \(key.kind.article), got \(value.typeDescription)"))
                    continue
                }
                values[name] = parsed
                origins[name] = "file"
            }
            outcome.routes.append(values)
            outcome.routeOrigins.append(origins)
        }
    }

    /// `WARDEN_ALERTS_ROUTE_<N>_<KEY>` overrides key `KEY` of the file's route N (from 0).
    func applyRouteEnvironment(into outcome: inout Outcome) {
        for index in outcome.routes.indices {
            for key in AlertRoute.keys {
                let variable = AlertRoute.environmentName(index, key.name)
                guard let text = environment[variable] else { continue }
                guard let value = ConfigValue.parse(text, as: key.kind) else {
                    outcome.problems.append(ConfigProblem(key: AlertRoute.path(index, key.name), "\(variable) must be \(key.kind.article)"))
                    continue
                }
                outcome.routes[index][key.name] = value
                outcome.routeOrigins[index][key.name] = "env \(variable)"
            }
        }
    }

    /// Reads the credential files the routes name from `$CREDENTIALS_DIRECTORY`. A missing one is
    /// reported by validation; one that exists but is unreadable or empty is a problem here.
    func readRouteCredentials(into outcome: inout Outcome) {
        guard let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty else { return }
        var tried: Set<String> = []
        for (index, table) in outcome.routes.enumerated() {
            for key in ["url_credential", "routing_key_credential"] {
                guard case .string(let name)? = table[key], AlertRoute.isValidCredentialName(name), tried.insert(name).inserted
                else { continue }
                switch FileReading.text("\(directory)/\(name)", limit: 4096) {
                case .success(let text):
                    let value = text.trimmingTrailingNewlines()
                    if value.isEmpty {
                        outcome.problems.append(ConfigProblem(key: AlertRoute.path(index, key), "credential \(name) is empty"))
                    } else {
                        outcome.secrets.credentials[name] = Secret(value, source: "credential \(name)")
                    }
                case .failure(.unreadable(let why)):
                    outcome.problems.append(ConfigProblem(key: AlertRoute.path(index, key), "credential \(name) is unreadable: \(why)"))
                case .failure(.missing):
                    break
                }
            }
        }
    }
}
