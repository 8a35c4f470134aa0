/// A symbol's quantity rule (`MARKET_LOT_SIZE`, else `LOT_SIZE`): quantities are multiples of
/// `stepSize` between `minQty` and `maxQty`. Quantities are kept as decimal text with the step's
/// number of decimals, so no binary rounding reaches the exchange.
public struct LotFilter: Sendable, Hashable {
    public var stepSize: String
    public var minQty: String
    public var maxQty: String

    public init(stepSize: String, minQty: String, maxQty: String) {
        self.stepSize = stepSize
        self.minQty = minQty
        self.maxQty = maxQty
    }

    /// Decimals of the step (`0.001` → 3, `1` → 0, `1.000` → 0).
    public var decimals: Int {
        guard let dot = stepSize.firstIndex(of: ".") else { return 0 }
        var fraction = stepSize[stepSize.index(after: dot)...]
        while fraction.last == "0" { fraction.removeLast() }
        return fraction.count
    }

    /// `amount` floored to the step, as steps (an integer count) — never rounded up.
    public func steps(_ amount: Double) -> Int64? {
        guard let step = Double(stepSize), step > 0, amount.isFinite, amount >= 0 else { return nil }
        // A hair of tolerance: 0.3 / 0.1 is 2.9999999999999996 in binary and must count as 3 steps.
        let n = (amount / step * (1 + 1e-12)).rounded(.down)
        guard n < 9e15 else { return nil }
        return Int64(n)
    }

    /// The quantity text for `steps` steps (`1234` steps of `0.001` → `1.234`).
    public func text(steps: Int64) -> String {
        guard let step = Double(stepSize) else { return "0" }
        let d = decimals
        var scale: Int64 = 1
        for _ in 0..<d { scale *= 10 }
        let unitsPerStep = Int64((step * Double(scale)).rounded())
        let units = steps * unitsPerStep
        let whole = units / scale, frac = units % scale
        guard d > 0 else { return String(whole) }
        let f = String(frac)
        return "\(whole)." + String(repeating: "0", count: d - f.count) + f
    }

    /// The largest on-step quantity not above `amount` and not above `maxQty`; nil when it is below `minQty`.
    public func closingQuantity(_ amount: Double) -> String? {
        guard var n = steps(amount), let minQ = Double(minQty), let maxQ = Double(maxQty), let step = Double(stepSize)
        else { return nil }
        if Double(n) * step > maxQ { n = steps(maxQ) ?? 0 }
        guard n > 0, Double(n) * step >= minQ * (1 - 1e-12) else { return nil }
        return text(steps: n)
    }
}
