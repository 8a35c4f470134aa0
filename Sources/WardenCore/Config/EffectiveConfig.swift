/// Renders the effective configuration as TOML for `warden check`, secrets redacted.
public enum EffectiveConfig {
    /// - Parameters:
    ///   - values: what the file and environment set, by `section.key`; the rest prints its default.
    ///   - origins: where each set value came from (`file`, `env WARDEN_REDIS_URL`).
    ///   - routes: the `[[alerts.route]]` tables by key name, and where each value came from.
    public static func render(values: [String: ConfigValue], origins: [String: String], secrets: Secrets,
                              routes: [[String: ConfigValue]] = [], routeOrigins: [[String: String]] = []) -> String {
        var out = "# Effective Warden configuration (defaults filled in; secrets redacted)\n"
        for section in ConfigSchema.sections {
            out += "\n[\(section)]\n"
            for key in ConfigSchema.keys where key.section == section {
                let value = values[key.path]?.coerced(to: key.kind) ?? key.defaultValue
                let origin = origins[key.path] ?? "default"
                out += "\(key.name) = \(redactingPassword(key, value).tomlLiteral)  # \(origin): \(key.summary)\n"
            }
            if section == "binance" {
                out += "# api_key: \(describe(secrets.binanceAPIKey))\n"
                out += "# api_secret: \(describe(secrets.binanceAPISecret))\n"
            }
            if section == "alerts" {
                out += renderRoutes(routes, origins: routeOrigins, secrets: secrets)
            }
        }
        return out
    }

    private static func describe(_ secret: Secret?) -> String {
        secret.map { "<redacted>, from \($0.source)" } ?? "not set"
    }

    /// A Redis URL may carry a password: print it with the password replaced.
    private static func redactingPassword(_ key: ConfigKey, _ value: ConfigValue) -> ConfigValue {
        guard key.path == "redis.url", case .string(let url) = value,
              url.hasPrefix("redis://"), let at = url.lastIndex(of: "@")
        else { return value }
        return .string("redis://<redacted>" + url[at...])
    }
}
