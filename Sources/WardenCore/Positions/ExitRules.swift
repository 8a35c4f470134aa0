/// The exit rules: pure functions of a position's levels, its water mark and a price.
public enum ExitRules {
    /// Take-profit and stop-loss for a new position. Absolute levels win when they lie on the
    /// profitable (TP) or losing (SL) side of the entry; otherwise the percentages apply.
    public static func levels(side: PositionSide, entry: Double, takeProfit: Double?, stopLoss: Double?,
                              policy: ExitPolicy) -> (takeProfit: Double, stopLoss: Double) {
        let up = side == .long
        let tpFromPct = entry * (up ? 1 + policy.takeProfitPct / 100 : 1 - policy.takeProfitPct / 100)
        let slFromPct = entry * (up ? 1 - policy.stopLossPct / 100 : 1 + policy.stopLossPct / 100)
        let tp = takeProfit.flatMap { (up ? $0 > entry : $0 < entry) ? $0 : nil } ?? tpFromPct
        let sl = stopLoss.flatMap { (up ? $0 < entry : $0 > entry) && $0 > 0 ? $0 : nil } ?? slFromPct
        return (tp, sl)
    }

    /// The best price seen since entry: the high for a long, the low for a short.
    public static func waterMark(side: PositionSide, current: Double, price: Double) -> Double {
        side == .long ? max(current, price) : min(current, price)
    }

    /// The trailing stop level once armed, or nil while the gain from entry is below the arm level.
    public static func trailingStop(side: PositionSide, entry: Double, waterMark: Double, policy: ExitPolicy) -> Double? {
        let gainPct = (side == .long ? waterMark - entry : entry - waterMark) / entry * 100
        guard gainPct >= policy.trailingArmPct else { return nil }
        return side == .long ? waterMark * (1 - policy.trailingStopPct / 100) : waterMark * (1 + policy.trailingStopPct / 100)
    }

    /// Whether `price` closes the position, and why. A price exactly at a level closes; a price that
    /// gapped through a level closes the same way. Stop-loss is checked before the trailing stop,
    /// so a gap through both reports the hard stop.
    public static func evaluate(side: PositionSide, entry: Double, takeProfit: Double, stopLoss: Double,
                                waterMark: Double, price: Double, policy: ExitPolicy) -> ExitReason? {
        guard price.isFinite, price > 0 else { return nil }
        switch side {
        case .long:
            if price >= takeProfit { return .takeProfit }
            if price <= stopLoss { return .stopLoss }
        case .short:
            if price <= takeProfit { return .takeProfit }
            if price >= stopLoss { return .stopLoss }
        }
        guard let trail = trailingStop(side: side, entry: entry, waterMark: waterMark, policy: policy) else { return nil }
        return side == .long ? (price <= trail ? .trailingStop : nil) : (price >= trail ? .trailingStop : nil)
    }
}
