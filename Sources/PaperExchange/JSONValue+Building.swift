internal import WardenCore

/// Short builders for the exchange's JSON answers (Binance writes most numbers as strings).
extension JSONValue {
    static func s(_ value: String) -> JSONValue { .string(value) }
    static func s(_ value: PaperDecimal) -> JSONValue { .string(value.description) }
    static func n(_ value: Int) -> JSONValue { .number(Double(value)) }
    static func n(_ value: Int64) -> JSONValue { .number(Double(value)) }
    static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    /// An integer member (`JSONValue` keeps numbers as `Double`; ids and times fit exactly below 2^53).
    var int64: Int64? {
        guard let d = double, d == d.rounded(), abs(d) < 9.0e15 else { return nil }
        return Int64(d)
    }

    /// A decimal member written as a JSON string or number.
    var decimal: PaperDecimal? {
        switch self {
        case .string(let s): return PaperDecimal(s)
        case .number(let d): return PaperDecimal(DecimalText.plain(d, maxFractionDigits: PaperDecimal.fractionDigits))
        default: return nil
        }
    }
}
