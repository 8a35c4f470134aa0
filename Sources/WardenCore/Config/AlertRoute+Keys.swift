extension AlertRoute {
    /// The keys of one `[[alerts.route]]` table, in the order `warden check` prints them.
    /// Their section is `alerts.route`; problems name them `alerts.route[N].key`, N from 0.
    public static let keys: [ConfigKey] = [
        ConfigKey("alerts.route", "name", .string(""), "Route name (logs, /health, outbox directory); required"),
        ConfigKey("alerts.route", "kind", .string(""), "webhook | alertmanager | pagerduty | slack; required"),
        ConfigKey("alerts.route", "url", .string(""), "Receiver URL (a secret: prefer url_credential)"),
        ConfigKey("alerts.route", "url_credential", .string(""), "File under $CREDENTIALS_DIRECTORY holding the URL"),
        ConfigKey("alerts.route", "routing_key", .string(""), "PagerDuty integration key (a secret: prefer routing_key_credential)"),
        ConfigKey("alerts.route", "routing_key_credential", .string(""), "File under $CREDENTIALS_DIRECTORY holding the PagerDuty key"),
        ConfigKey("alerts.route", "min_severity", .string("warning"), "warning | critical: alerts below it skip this route"),
        ConfigKey("alerts.route", "repeat_interval_s", .integer(14_400), "Re-notify while firing (0: once); default 60 for alertmanager"),
        ConfigKey("alerts.route", "timeout_ms", .integer(10_000), "Limit of one delivery attempt, 100 to 30000"),
    ]

    /// The route keys by name.
    public static let keysByName: [String: ConfigKey] = Dictionary(uniqueKeysWithValues: keys.map { ($0.name, $0) })

    /// How problems and `warden check` name route `index`'s key: `alerts.route[2].url`.
    public static func path(_ index: Int, _ key: String) -> String { "alerts.route[\(index)].\(key)" }

    /// The environment variable that overrides route `index`'s key: `WARDEN_ALERTS_ROUTE_<N>_<KEY>`.
    public static func environmentName(_ index: Int, _ key: String) -> String { "WARDEN_ALERTS_ROUTE_\(index)_\(key.uppercased())" }

    /// The value `warden check` prints for a key the table leaves unset.
    public static func defaultValue(_ key: String, kind: String) -> ConfigValue {
        if key == "repeat_interval_s", let k = Kind(rawValue: kind) {
            return .integer(Int(k.defaultRepeatInterval.components.seconds))
        }
        if key == "url", kind == Kind.pagerduty.rawValue { return .string(pagerDutyEventsURL) }
        return keysByName[key]?.defaultValue ?? .string("")
    }
}
