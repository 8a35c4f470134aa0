/// The whole configuration, typed. Built from parsed values by ``WardenConfig/resolve(_:secrets:)``.
///
/// Defaults live in one place, ``ConfigSchema``; ``WardenConfig/defaults`` is what it yields with
/// nothing set. Tests start from it and change the fields they care about.
public struct WardenConfig: Sendable {
    public var redis: RedisSettings
    public var binance: BinanceSettings
    public var health: HealthSettings
    public var streams: StreamNames
    public var consumer: ConsumerSettings
    public var exit: ExitSettings
    public var emergency: EmergencySettings
    public var safety: SafetySettings
    public var startup: StartupSettings
    public var state: StateSettings
    public var alerts: AlertSettings
    public var log: LogSettings
    public var secrets: Secrets

    /// Every key at its schema default, no secrets.
    public static var defaults: WardenConfig {
        switch resolve([:], secrets: Secrets()) {
        case .success(let config): return config
        case .failure(let problems): preconditionFailure("schema defaults are invalid: \(problems)")
        }
    }

    /// Gives the values meaning and validates them: every problem is reported, not just the first.
    /// - Parameters:
    ///   - values: by `section.key`, already type-checked against ``ConfigSchema``; missing keys take their default.
    ///   - routes: the `[[alerts.route]]` tables, each by key name, type-checked against ``AlertRoute/keys``.
    public static func resolve(
        _ values: [String: ConfigValue], routes: [[String: ConfigValue]] = [], secrets: Secrets
    ) -> Result<WardenConfig, ConfigProblems> {
        var reader = ConfigReader(values: values, routeTables: routes, secrets: secrets)
        let config = WardenConfig(
            redis: RedisSettings(&reader),
            binance: BinanceSettings(&reader),
            health: HealthSettings(&reader),
            streams: StreamNames(&reader),
            consumer: ConsumerSettings(&reader),
            exit: ExitSettings(&reader),
            emergency: EmergencySettings(&reader),
            safety: SafetySettings(&reader),
            startup: StartupSettings(&reader),
            state: StateSettings(&reader),
            alerts: AlertSettings(&reader),
            log: LogSettings(&reader),
            secrets: secrets
        )
        reader.problems += config.crossChecks()
        return reader.problems.isEmpty ? .success(config) : .failure(ConfigProblems(reader.problems))
    }

    /// Rules that span keys.
    func crossChecks() -> [ConfigProblem] {
        var problems: [ConfigProblem] = []
        if emergency.mode == .armed {
            for (path, credential, environment) in Secrets.sources {
                if secrets[path: path] == nil {
                    problems.append(ConfigProblem(
                        key: path,
                        "required when emergency.mode is armed: give credential \(credential) or \(environment)"))
                }
            }
        }
        return problems
    }
}

/// All problems found in a configuration, in key order.
public struct ConfigProblems: Error, Sendable, Hashable {
    public let problems: [ConfigProblem]
    public init(_ problems: [ConfigProblem]) { self.problems = problems }
}
