/// An exact decimal with eight fraction digits, the way Binance writes prices and quantities.
///
/// Binary floating point cannot say whether `0.3` is a multiple of `0.1`; step and tick checks,
/// position sums and average entries must be exact, so the exchange keeps every amount here.
public struct PaperDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Units per 1.0: eight fraction digits.
    public static let scale: Int64 = 100_000_000
    public static let fractionDigits = 8
    public static let zero = PaperDecimal(units: 0)

    /// The value times ``scale``.
    public var units: Int64

    public init(units: Int64) {
        self.units = units
    }

    /// A whole number.
    public init(_ whole: Int) {
        self.units = Int64(whole) * Self.scale
    }

    /// What parsing decimal text found.
    public enum Parsed: Sendable, Hashable {
        case value(PaperDecimal)
        /// Well-formed, but with non-zero digits past the eighth decimal.
        case tooPrecise
        /// Not `-?digits(.digits)?`, or more than ten whole digits.
        case invalid
    }

    /// Parses plain decimal text (`0.001`, `-1.5`, `65000`); no exponent, no `+`, no spaces.
    public static func parse(_ text: some StringProtocol) -> Parsed {
        var bytes = Array(text.utf8)[...]
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { bytes = bytes.dropFirst() }
        let dot = bytes.firstIndex(of: UInt8(ascii: "."))
        let whole = bytes[..<(dot ?? bytes.endIndex)]
        let fraction = dot.map { bytes[bytes.index(after: $0)...] } ?? []
        let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        guard !whole.isEmpty, whole.count <= 10, whole.allSatisfy(isDigit), fraction.count <= 20,
              fraction.allSatisfy(isDigit), dot == nil || !fraction.isEmpty
        else { return .invalid }
        if fraction.dropFirst(fractionDigits).contains(where: { $0 != UInt8(ascii: "0") }) { return .tooPrecise }
        var units: Int64 = 0
        for b in whole { units = units * 10 + Int64(b - UInt8(ascii: "0")) }
        let kept = Array(fraction.prefix(fractionDigits))
        for i in 0..<fractionDigits { units = units * 10 + (i < kept.count ? Int64(kept[i] - UInt8(ascii: "0")) : 0) }
        return .value(PaperDecimal(units: negative ? -units : units))
    }

    /// Exact parse; nil for anything ``parse(_:)`` does not accept as a value.
    public init?(_ text: some StringProtocol) {
        guard case .value(let v) = Self.parse(text) else { return nil }
        self = v
    }

    /// Number of decimals needed to write the value exactly (`0.001` → 3, `5` → 0).
    public var decimals: Int {
        var u = abs(units), d = Self.fractionDigits
        while d > 0, u % 10 == 0 { u /= 10; d -= 1 }
        return d
    }

    /// Whether the value is a whole multiple of `step` (a positive step).
    public func isMultiple(of step: PaperDecimal) -> Bool {
        step.units > 0 && units % step.units == 0
    }

    /// The product, rounded half away from zero to eight decimals.
    public func times(_ other: PaperDecimal) -> PaperDecimal {
        let product = Int128(units) * Int128(other.units)
        return PaperDecimal(units: Int64(Self.divideRounded(product, Int128(Self.scale))))
    }

    /// `numerator / denominator` (both in units × units and units) rounded half away from zero.
    static func divideRounded(_ numerator: Int128, _ denominator: Int128) -> Int128 {
        let q = numerator / denominator, r = numerator % denominator
        guard r != 0, 2 * abs(r) >= abs(denominator) else { return q }
        return (numerator < 0) != (denominator < 0) ? q - 1 : q + 1
    }

    /// `(a·pa + b·pb) / (a + b)`: the average price of two fills of sizes `a` and `b` (positive).
    public static func weightedAverage(_ a: PaperDecimal, at pa: PaperDecimal, _ b: PaperDecimal, at pb: PaperDecimal) -> PaperDecimal {
        let total = Int128(a.units) + Int128(b.units)
        precondition(total > 0, "weighted average of nothing")
        let sum = Int128(a.units) * Int128(pa.units) + Int128(b.units) * Int128(pb.units)
        return PaperDecimal(units: Int64(divideRounded(sum, total)))
    }

    public static func + (a: PaperDecimal, b: PaperDecimal) -> PaperDecimal { PaperDecimal(units: a.units + b.units) }
    public static func - (a: PaperDecimal, b: PaperDecimal) -> PaperDecimal { PaperDecimal(units: a.units - b.units) }
    public static prefix func - (a: PaperDecimal) -> PaperDecimal { PaperDecimal(units: -a.units) }
    public static func < (a: PaperDecimal, b: PaperDecimal) -> Bool { a.units < b.units }

    public var magnitude: PaperDecimal { PaperDecimal(units: abs(units)) }
    public var isZero: Bool { units == 0 }
    public var signum: Int { units > 0 ? 1 : units < 0 ? -1 : 0 }
    public var double: Double { Double(units) / Double(Self.scale) }

    /// Fixed-point text with exactly `digits` decimals (0...8), truncated: `fixed(3)` of 0.5 is `0.500`.
    public func fixed(_ digits: Int) -> String {
        let digits = max(0, min(Self.fractionDigits, digits))
        var divisor: Int64 = 1
        for _ in 0..<(Self.fractionDigits - digits) { divisor *= 10 }
        let shown = abs(units) / divisor
        var one: Int64 = 1
        for _ in 0..<digits { one *= 10 }
        var text = String(shown / one)
        if digits > 0 {
            let f = String(shown % one)
            text += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return units < 0 && shown != 0 ? "-" + text : text
    }

    /// The shortest exact text (`0.001`, `65000`).
    public var description: String { fixed(decimals) }
}
