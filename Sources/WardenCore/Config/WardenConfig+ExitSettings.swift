extension WardenConfig {
    /// `[exit]`: levels and timings of the exit monitor.
    public struct ExitSettings: Sendable, Hashable {
        public var takeProfitPct: Double
        public var stopLossPct: Double
        public var trailingStopPct: Double
        public var trailingArmPct: Double
        public var bootstrapInterval: Duration
        public var pricePollInterval: Duration
        public var maxPriceAge: Duration
        public var confirmTimeout: Duration

        init(_ r: inout ConfigReader) {
            // A take-profit beyond +100 % or a stop beyond -50 % of the entry price is a typo, not a plan.
            takeProfitPct = r.number("exit.take_profit_pct", in: 0...100, aboveZero: true, unit: " %")
            stopLossPct = r.number("exit.stop_loss_pct", in: 0...50, aboveZero: true, unit: " %")
            trailingStopPct = r.number("exit.trailing_stop_pct", in: 0...50, aboveZero: true, unit: " %")
            trailingArmPct = r.number("exit.trailing_arm_pct", in: 0...100, unit: " %")
            bootstrapInterval = .seconds(r.int("exit.bootstrap_interval_s", in: 5...3600, unit: " s"))
            pricePollInterval = .seconds(r.number("exit.price_poll_interval_s", in: 0.1...60, unit: " s"))
            maxPriceAge = .seconds(r.number("exit.max_price_age_s", in: 0.5...300, unit: " s"))
            confirmTimeout = .seconds(r.int("exit.confirm_timeout_s", in: 1...600, unit: " s"))
        }
    }

    /// `[emergency]`: the failsafe's mode and brakes.
    public struct EmergencySettings: Sendable, Hashable {
        public var mode: EmergencyMode
        public var killSwitch: Bool
        public var killSwitchKey: String
        public var maxOrdersPerHour: Int

        init(_ r: inout ConfigReader) {
            mode = r.choice("emergency.mode", EmergencyMode.self)
            killSwitch = r.bool("emergency.kill_switch")
            killSwitchKey = r.string("emergency.kill_switch_key")
            if !StreamNames.isValidName(killSwitchKey) { r.fail("emergency.kill_switch_key", "must be a Redis key without spaces") }
            maxOrdersPerHour = r.int("emergency.max_orders_per_hour", in: 1...1000)
        }
    }

    /// `[safety]`
    public struct SafetySettings: Sendable, Hashable {
        public var safeModeKey: String

        init(_ r: inout ConfigReader) {
            safeModeKey = r.string("safety.safe_mode_key")
            if !StreamNames.isValidName(safeModeKey) { r.fail("safety.safe_mode_key", "must be a Redis key without spaces") }
        }
    }

    /// `[startup]`
    public struct StartupSettings: Sendable, Hashable {
        public var maxWait: Duration
        init(_ r: inout ConfigReader) { maxWait = .seconds(r.int("startup.max_wait_s", in: 1...3600, unit: " s")) }
    }

    /// `[state]`
    public struct StateSettings: Sendable, Hashable {
        public var directory: String
        init(_ r: inout ConfigReader) {
            directory = r.string("state.dir")
            if !directory.hasPrefix("/") { r.fail("state.dir", "must be an absolute path") }
        }
    }

    /// `[alerts]`
    public struct AlertSettings: Sendable, Hashable {
        /// Empty means the built-in defaults.
        public var rulesPath: String
        /// The on-call routes (`[[alerts.route]]`), in file order; empty means alerts are only logged.
        public var routes: [AlertRoute]
        /// How often the supervisors sample the pipeline and evaluate their rules.
        public var interval: Duration
        init(_ r: inout ConfigReader) {
            rulesPath = r.string("alerts.rules")
            interval = .seconds(r.number("alerts.interval_s", in: 0.2...300, unit: " s"))
            let (routes, problems) = AlertRoute.resolve(r.routeTables, secrets: r.secrets)
            self.routes = routes
            r.problems += problems
        }
    }

    /// `[log]`
    public struct LogSettings: Sendable, Hashable {
        public var level: LogLevelSetting
        init(_ r: inout ConfigReader) { level = r.choice("log.level", LogLevelSetting.self) }
    }
}
