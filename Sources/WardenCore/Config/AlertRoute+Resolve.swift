extension AlertRoute {
    /// Gives the raw `[[alerts.route]]` tables meaning: every problem is reported, each naming
    /// `alerts.route[N].key`. Route names must be unique (they name outbox directories).
    static func resolve(_ tables: [[String: ConfigValue]], secrets: Secrets) -> (routes: [AlertRoute], problems: [ConfigProblem]) {
        var routes: [AlertRoute] = []
        var problems: [ConfigProblem] = []
        if tables.count > maxRoutes {
            problems.append(ConfigProblem(key: "alerts.route", "at most \(maxRoutes) routes"))
        }
        var firstIndex: [String: Int] = [:]
        for (index, table) in tables.enumerated() {
            var reader = RouteReader(index: index, values: table, secrets: secrets)
            let route = reader.route()
            problems += reader.problems
            let name = reader.string("name")
            if !name.isEmpty, let first = firstIndex[name] {
                problems.append(ConfigProblem(key: path(index, "name"), "must be unique: route \(first) has the same name"))
                continue
            }
            firstIndex[name] = index
            if let route { routes.append(route) }
        }
        return (routes, problems)
    }
}
