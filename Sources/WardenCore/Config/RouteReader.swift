/// Reads one `[[alerts.route]]` table into an ``AlertRoute``, collecting problems that name
/// `alerts.route[N].key` and never quote a value.
struct RouteReader {
    let index: Int
    /// The table's values by key, already type-checked against ``AlertRoute/keys``.
    let values: [String: ConfigValue]
    let secrets: Secrets
    var problems: [ConfigProblem] = []

    mutating func route() -> AlertRoute? {
        let name = string("name")
        if name.isEmpty { fail("name", "required") }
        else if !AlertRoute.isValidName(name) { fail("name", "must be 1 to 64 letters, digits, '-', '_' or '.', not starting with '.'") }
        let kinds = AlertRoute.Kind.allCases.map(\.rawValue).joined(separator: ", ")
        let kind = AlertRoute.Kind(rawValue: string("kind"))
        if kind == nil { fail("kind", string("kind").isEmpty ? "required: one of \(kinds)" : "must be one of \(kinds)") }

        let defaultURL = kind == .pagerduty ? Secret(AlertRoute.pagerDutyEventsURL, source: "default") : nil
        let url = secret("url", required: kind != nil && defaultURL == nil) ?? defaultURL
        if let url, let e = HTTPAddress.validateWebhookURL(url.value) { fail(keyHolding("url"), "not a valid URL: \(e)") }

        let routingKey = secret("routing_key", required: kind == .pagerduty)
        if let routingKey {
            if kind != nil, kind != .pagerduty { fail(keyHolding("routing_key"), "only for kind pagerduty") }
            if !StreamNames.isValidName(routingKey.value) { fail(keyHolding("routing_key"), "must be printable without spaces, at most 200 bytes") }
        }
        let severity = Severity(rawValue: string("min_severity"))
        if severity == nil { fail("min_severity", "must be one of warning, critical") }
        let repeatSeconds = int("repeat_interval_s", in: 0...604_800, unit: " s (0: notify once)")
        // At most 30 s: graceful shutdown waits for an attempt in flight.
        let timeoutMS = int("timeout_ms", in: 100...30_000, unit: " ms")

        guard problems.isEmpty, let kind, let url, let severity else { return nil }
        return AlertRoute(name: name, kind: kind, url: url, routingKey: kind == .pagerduty ? routingKey : nil, minSeverity: severity,
                          repeatInterval: repeatSeconds.map { .seconds($0) }, timeout: .milliseconds(timeoutMS ?? 10_000))
    }

    /// The secret `key` or `key_credential` gives; setting both is a problem, and so is neither when `required`.
    mutating func secret(_ key: String, required: Bool) -> Secret? {
        let inline = string(key), credential = string(key + "_credential")
        switch (inline.isEmpty, credential.isEmpty) {
        case (false, false):
            fail(key, "give \(key) or \(key)_credential, not both")
        case (false, true):
            return Secret(inline, source: "config \(AlertRoute.path(index, key))")
        case (true, false):
            guard AlertRoute.isValidCredentialName(credential) else {
                fail(key + "_credential", "must be a file name under $CREDENTIALS_DIRECTORY (no '/')")
                return nil
            }
            if let s = secrets.credentials[credential] { return s }
            fail(key + "_credential", "credential \(credential) not found: set LoadCredential=\(credential):… (read from $CREDENTIALS_DIRECTORY)")
        case (true, true):
            if required { fail(key, "required (or \(key)_credential)") }
        }
        return nil
    }

    /// `key` or `key_credential`, whichever the table sets: where a problem with the value belongs.
    func keyHolding(_ key: String) -> String { string(key).isEmpty ? key + "_credential" : key }

    func string(_ key: String) -> String {
        if case .string(let s)? = values[key] { return s }
        if case .string(let s)? = AlertRoute.keysByName[key]?.defaultValue { return s }
        return ""
    }

    /// The integer `key` if set and in `range`; nil when unset (the caller's default applies) or out of range.
    mutating func int(_ key: String, in range: ClosedRange<Int>, unit: String) -> Int? {
        guard case .integer(let i)? = values[key] else {
            if case .integer(let d)? = AlertRoute.keysByName[key]?.defaultValue, key != "repeat_interval_s" { return d }
            return nil
        }
        guard range.contains(i) else {
            fail(key, "must be from \(range.lowerBound) to \(range.upperBound)\(unit)")
            return nil
        }
        return i
    }

    mutating func fail(_ key: String, _ message: String) {
        problems.append(ConfigProblem(key: AlertRoute.path(index, key), message))
    }
}
