/// Plain decimal text for prices and quantities: no exponent, no trailing zeros (`0.00001`, `65000`).
///
/// The pipeline's Python services parse these with `float()`/`Decimal()`; an exponent or a
/// locale-dependent separator must never reach them.
public enum DecimalText {
    public static func plain(_ value: Double, maxFractionDigits: Int = 10) -> String {
        guard value.isFinite else { return "0" }
        let negative = value < 0
        var scale: Double = 1
        for _ in 0..<maxFractionDigits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9.0e18 else { return String(value) }
        let units = UInt64(scaled)
        let factor = UInt64(scale)
        var whole = String(units / factor)
        var fraction = String(units % factor)
        fraction = String(repeating: "0", count: maxFractionDigits - fraction.count) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        if !fraction.isEmpty { whole += "." + fraction }
        return negative && units != 0 ? "-" + whole : whole
    }
}
