/// Deterministic `newClientOrderId`s for emergency orders: one per (symbol, incident), so a
/// retry or a restart can only ever find — never duplicate — the order. Binance allows
/// `^[.A-Z:/a-z0-9_-]{1,36}$`.
public enum ClientOrderID {
    /// `wd-em-<incident start ms, base 36>-<SYMBOL>` (hedge mode `wd-emL-…` / `wd-emS-…`), cut to
    /// 36 characters; invalid characters replaced by `_`.
    public static func emergency(symbol: String, incident: WallTime, side: PositionSide? = nil) -> String {
        let s = side.map { $0 == .long ? "L" : "S" } ?? ""
        let id = "wd-em\(s)-\(String(incident.milliseconds, radix: 36))-\(symbol)"
        return String(sanitized(id).prefix(36))
    }

    public static func isValid(_ id: String) -> Bool {
        (1...36).contains(id.utf8.count) && id.utf8.allSatisfy(allowed)
    }

    static func allowed(_ b: UInt8) -> Bool {
        (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || (0x30...0x39).contains(b)
            || b == UInt8(ascii: ".") || b == UInt8(ascii: ":") || b == UInt8(ascii: "/")
            || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }

    static func sanitized(_ s: String) -> String {
        String(decoding: s.utf8.map { allowed($0) ? $0 : UInt8(ascii: "_") }, as: UTF8.self)
    }
}
