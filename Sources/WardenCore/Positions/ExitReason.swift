/// Why a position is being closed; the raw value is the `exit_reason` field of a close intent.
public enum ExitReason: String, Sendable, Hashable, CaseIterable {
    case takeProfit = "tp_hit"
    case stopLoss = "sl_hit"
    case trailingStop = "trailing_stop"
    case emergency
    case manual
}

/// Percent settings of the exit rules (from `[exit]`).
public struct ExitPolicy: Sendable, Hashable {
    public var takeProfitPct: Double
    public var stopLossPct: Double
    public var trailingStopPct: Double
    public var trailingArmPct: Double

    public init(takeProfitPct: Double = 2.5, stopLossPct: Double = 1.5, trailingStopPct: Double = 1.0, trailingArmPct: Double = 1.0) {
        self.takeProfitPct = takeProfitPct
        self.stopLossPct = stopLossPct
        self.trailingStopPct = trailingStopPct
        self.trailingArmPct = trailingArmPct
    }

    public init(_ settings: WardenConfig.ExitSettings) {
        self.init(takeProfitPct: settings.takeProfitPct, stopLossPct: settings.stopLossPct,
                  trailingStopPct: settings.trailingStopPct, trailingArmPct: settings.trailingArmPct)
    }
}
