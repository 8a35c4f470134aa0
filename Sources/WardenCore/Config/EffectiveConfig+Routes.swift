extension EffectiveConfig {
    /// The `[[alerts.route]]` tables with URLs cut to `scheme://host` and routing keys hidden.
    static func renderRoutes(_ routes: [[String: ConfigValue]], origins: [[String: String]], secrets: Secrets) -> String {
        guard !routes.isEmpty else { return "# alerts.route: none; alerts are only logged (add [[alerts.route]] tables)\n" }
        var out = ""
        for (index, table) in routes.enumerated() {
            let from = index < origins.count ? origins[index] : [:]
            let kind = table["kind"].map { $0.stringValue } ?? ""
            out += "\n[[alerts.route]]  # alerts.route[\(index)]\n"
            for key in AlertRoute.keys {
                let set = table[key.name]
                let isSecretKey = key.name == "url" || key.name == "routing_key"
                let credential = table[key.name + "_credential"].map { $0.stringValue } ?? ""
                if isSecretKey, set == nil, !credential.isEmpty {
                    out += "# \(key.name): \(secrets.credentials[credential] == nil ? "not found" : "<redacted>"), from credential \(credential)\n"
                    continue
                }
                let value = set ?? AlertRoute.defaultValue(key.name, kind: kind)
                if case .string(let s) = value, s.isEmpty, set == nil { continue }  // unset optional key
                out += "\(key.name) = \(redacting(key.name, value).tomlLiteral)  # \(from[key.name] ?? "default"): \(key.summary)\n"
            }
        }
        return out
    }

    private static func redacting(_ key: String, _ value: ConfigValue) -> ConfigValue {
        guard case .string(let s) = value, !s.isEmpty else { return value }
        switch key {
        case "url": return .string(HTTPAddress.redacted(s))
        case "routing_key": return .string("<redacted>")
        default: return value
        }
    }
}
