extension SupervisionRules {
    /// Every key at its default.
    public static var defaults: SupervisionRules {
        switch resolve([:]) {
        case .success(let rules): return rules
        case .failure(let problems): preconditionFailure("rule defaults are invalid: \(problems)")
        }
    }

    /// Gives the rule file's values meaning and validates them: every problem is reported, each
    /// naming its key (`consumer_lag.threshold`).
    /// - Parameter values: by `section.key`; missing keys take their default.
    public static func resolve(_ values: [String: ConfigValue]) -> Result<SupervisionRules, ConfigProblems> {
        var r = RulesReader(values: values)
        let day = 86_400
        var rules = SupervisionRules()
        rules.repeatedErrors = RepeatedErrorsEvaluator.Rules(
            threshold: r.int("repeated_errors.threshold", in: 2...100_000),
            window: r.seconds("repeated_errors.window_s", in: 10...day),
            quiet: r.seconds("repeated_errors.quiet_s", in: 10...day),
            maxSignatures: r.int("repeated_errors.max_signatures", in: 10...100_000),
            severity: r.severity("repeated_errors.severity"))
        rules.consumerGroupList = r.list("consumer_lag.groups", maxItems: 50) { item in
            guard let id = ConsumerGroupID(parsing: item) else { return "must be stream/group" }
            return StreamNames.isValidName(id.stream) && StreamNames.isValidName(id.group) ? nil : "has an invalid stream or group name"
        }.compactMap { ConsumerGroupID(parsing: $0) }
        rules.consumerGroup = ConsumerGroupEvaluator.Rules(
            lagThreshold: r.int("consumer_lag.threshold", in: 0...1_000_000_000),
            windowSamples: r.int("consumer_lag.window_samples", in: 2...1000),
            idleLimit: r.seconds("consumer_stalled.idle_s", in: 1...day),
            lagSeverity: r.severity("consumer_lag.severity"),
            stalledSeverity: r.severity("consumer_stalled.severity"))
        rules.consumerSampleInterval = r.seconds("consumer_lag.interval_s", in: 1...3600)
        rules.staleStreamList = r.list("stale_stream.streams", maxItems: 50) {
            StreamNames.isValidName($0) ? nil : "must be 1 to 200 printable characters without spaces"
        }
        rules.staleStream = .init(maxAge: r.seconds("stale_stream.max_age_s", in: 1...30 * day), severity: r.severity("stale_stream.severity"))
        rules.tradeClosed = .init(stalledAfter: r.seconds("trade_closed.stalled_s", in: 1...day), severity: r.severity("trade_closed.severity"))
        rules.units = r.list("restart_storm.units", maxItems: 100) { isUnitName($0) ? nil : "is not a unit name (name.service)" }
        rules.restartStorm = .init(maxRestarts: r.int("restart_storm.max_restarts", in: 0...1000),
                                   window: r.seconds("restart_storm.window_s", in: 10...day),
                                   severity: r.severity("restart_storm.severity"))
        rules.safeMode = .init(stuckAfter: r.seconds("safe_mode.stuck_s", in: 0...day), severity: r.severity("safe_mode.severity"))
        rules.redisUnreachableSeverity = r.severity("redis_unreachable.severity")
        rules.exchangeUnreachableSeverity = r.severity("exchange_unreachable.severity")
        rules.clockDrift = .init(maxDrift: .milliseconds(r.int("clock_drift.max_ms", in: 10...60_000, unit: " ms")),
                                 severity: r.severity("clock_drift.severity"))
        rules.priceStale = .init(maxAge: r.seconds("price_stale.max_age_s", in: 1...3600), severity: r.severity("price_stale.severity"))
        for (name, section) in sectionOfAlert.sorted(by: { $0.key < $1.key }) {
            rules.holdFor[name] = r.seconds("\(section).for_s", in: 0...day)
        }
        let problems = r.problems.sorted { ($0.key, $0.message) < ($1.key, $1.message) }
        return problems.isEmpty ? .success(rules) : .failure(ConfigProblems(problems))
    }

    /// A systemd unit name: `name.type`, letters, digits and `:_.\@-`, at most 255 bytes.
    static func isUnitName(_ s: String) -> Bool {
        guard s.utf8.count <= 255, let dot = s.lastIndex(of: "."), dot != s.startIndex, s.index(after: dot) != s.endIndex else { return false }
        return s.unicodeScalars.allSatisfy { c in
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || ":_.\\@-".unicodeScalars.contains(c)
        }
    }
}
