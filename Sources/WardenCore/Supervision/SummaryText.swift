/// Shared wording of alert summaries: short durations, one-line bounded text, stable short hashes.
public enum SummaryText {
    /// `850ms`, `45s`, `10m`, `9m30s`, `2h5m`, `5d2h`: the largest two units, zeros dropped.
    public static func duration(_ d: Duration) -> String {
        let ms = d.wholeMilliseconds
        if ms < 0 { return "-" + duration(.milliseconds(-ms)) }
        if ms < 1000 { return "\(ms)ms" }
        let s = ms / 1000
        func two(_ big: Int64, _ bigUnit: String, _ small: Int64, _ smallUnit: String) -> String {
            small == 0 ? "\(big)\(bigUnit)" : "\(big)\(bigUnit)\(small)\(smallUnit)"
        }
        if s < 60 { return "\(s)s" }
        if s < 3600 { return two(s / 60, "m", s % 60, "s") }
        if s < 86_400 { return two(s / 3600, "h", s / 60 % 60, "m") }
        return two(s / 86_400, "d", s / 3600 % 24, "h")
    }

    /// `1.52` for 1.523 s: seconds with at most two decimals, for drifts and small ages.
    public static func seconds(_ d: Duration) -> String {
        let centis = (d.wholeMilliseconds + (d.wholeMilliseconds >= 0 ? 5 : -5)) / 10
        let sign = centis < 0 ? "-" : ""
        let a = abs(centis)
        let frac = a % 100
        return frac == 0 ? "\(sign)\(a / 100)" : frac % 10 == 0 ? "\(sign)\(a / 100).\(frac / 10)" : "\(sign)\(a / 100).\(frac < 10 ? "0" : "")\(frac)"
    }

    /// Whitespace runs (newlines included) collapsed to one space, trimmed, and cut to `limit`
    /// characters with a trailing `…` when longer: safe to put in a one-line summary.
    public static func oneLine(_ text: String, limit: Int = 200) -> String {
        var out = ""
        var pendingSpace = false
        var count = 0
        for ch in text {
            if ch.isWhitespace || ch.unicodeScalars.allSatisfy({ $0.value < 0x20 || $0.value == 0x7F }) {
                pendingSpace = !out.isEmpty
                continue
            }
            if count + (pendingSpace ? 2 : 1) > limit { return out + "…" }
            if pendingSpace { out.append(" "); count += 1; pendingSpace = false }
            out.append(ch)
            count += 1
        }
        return out
    }

    /// 8 hex digits of FNV-1a 32 over `text`: tells apart subjects cut to the same prefix.
    public static func shortHash(_ text: String) -> String {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash &*= 0x0100_0193
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
