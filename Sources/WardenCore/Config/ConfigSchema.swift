/// Every configuration key Warden knows, in the order `warden check` prints them.
///
/// A key that is not listed here is an error in the file. Secrets are not keys: they come from
/// systemd credentials or the environment (see ``Secrets``).
public enum ConfigSchema {
    public static let keys: [ConfigKey] = [
        ConfigKey("redis", "url", .string("redis://127.0.0.1:6379/0"), "Redis: redis://host:port/db or unix:///path"),
        ConfigKey("redis", "connect_timeout_ms", .integer(2000), "Connect timeout of each Redis connection"),
        ConfigKey("redis", "command_timeout_ms", .integer(2000), "Timeout of one Redis command (blocking reads add their BLOCK time)"),

        ConfigKey("binance", "base_url", .string("https://fapi.binance.com"), "Binance USDⓈ-M REST base URL"),
        ConfigKey("binance", "recv_window_ms", .integer(5000), "recvWindow sent with signed requests"),
        ConfigKey("binance", "timeout_ms", .integer(5000), "Total timeout of one exchange request"),

        ConfigKey("health", "listen", .string("127.0.0.1:8007"), "host:port of /health and /metrics"),

        ConfigKey("streams", "prefix", .string("quantum:stream:"), "Prefix of every stream name below"),
        ConfigKey("streams", "execution_results", .string("trade.execution.res"), "Execution results (read)"),
        ConfigKey("streams", "trade_intent", .string("trade.intent"), "Trade intents (close intents written)"),
        ConfigKey("streams", "trade_closed", .string("trade.closed"), "Closed positions (watched)"),
        ConfigKey("streams", "price_updates", .string("price.update"), "Price updates (read)"),
        ConfigKey("streams", "exitbrain_pnl", .string("exitbrain.pnl"), "Exit brain PnL (watched for staleness)"),
        ConfigKey("streams", "deadletter", .string("warden.deadletter"), "Dead letters (written)"),
        ConfigKey("streams", "audit", .string("warden.audit"), "Audit of every exit and emergency action (written)"),

        ConfigKey("consumer", "group", .string("exit_monitor_group"), "Consumer group on the execution results"),
        ConfigKey("consumer", "name", .string(""), "Consumer name; empty means warden-<hostname>"),
        ConfigKey("consumer", "batch_size", .integer(500), "Entries per read (COUNT), 1 to 500"),
        ConfigKey("consumer", "block_ms", .integer(1000), "BLOCK time of one read, 1 to 1000 ms"),
        ConfigKey("consumer", "reclaim_idle_s", .integer(60), "Pending entries idle this long are reclaimed on start"),

        ConfigKey("exit", "take_profit_pct", .number(2.5), "Take-profit distance from entry, percent"),
        ConfigKey("exit", "stop_loss_pct", .number(1.5), "Stop-loss distance from entry, percent"),
        ConfigKey("exit", "trailing_stop_pct", .number(1.0), "Trailing stop distance from the water mark, percent"),
        ConfigKey("exit", "trailing_arm_pct", .number(1.0), "Gain from entry that arms the trailing stop, percent"),
        ConfigKey("exit", "bootstrap_interval_s", .integer(60), "Re-read positions from the exchange this often"),
        ConfigKey("exit", "price_poll_interval_s", .number(1.0), "Poll premiumIndex mark prices this often"),
        ConfigKey("exit", "max_price_age_s", .number(10.0), "A price older than this is not acted on"),
        ConfigKey("exit", "confirm_timeout_s", .integer(20), "A close intent not confirmed within this escalates"),

        ConfigKey("emergency", "mode", .string("dry-run"), "off | dry-run | armed"),
        ConfigKey("emergency", "kill_switch", .boolean(false), "true blocks every emergency order"),
        ConfigKey("emergency", "kill_switch_key", .string("warden:emergency:kill"), "Redis key that, when present, blocks emergency orders"),
        ConfigKey("emergency", "max_orders_per_hour", .integer(10), "Rate limit of emergency orders"),

        ConfigKey("safety", "safe_mode_key", .string("quantum:safety:safe_mode"), "Key the safety layer sets to block orders"),

        ConfigKey("startup", "max_wait_s", .integer(60), "Wait this long for dependencies before READY=1 in a degraded state"),

        ConfigKey("state", "dir", .string("/var/lib/warden"), "State directory (alert outbox, firing alerts)"),

        ConfigKey("alerts", "rules", .string(""), "Rule file; empty means the built-in defaults (alerts/rules.toml)"),
        ConfigKey("alerts", "interval_s", .number(5.0), "How often the supervisors sample the pipeline and evaluate"),

        ConfigKey("log", "level", .string("info"), "trace | debug | info | notice | warning | error | critical"),
    ]

    /// The keys by `section.name`.
    public static let byPath: [String: ConfigKey] = Dictionary(uniqueKeysWithValues: keys.map { ($0.path, $0) })

    /// The section names, in order of first appearance.
    public static var sections: [String] {
        var seen: Set<String> = []
        return keys.map(\.section).filter { seen.insert($0).inserted }
    }
}
