/// A wall-clock instant in milliseconds since the Unix epoch.
///
/// The core never reads a clock: callers pass `now`, so tests drive time by hand.
public struct WallTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    public static func < (a: WallTime, b: WallTime) -> Bool { a.milliseconds < b.milliseconds }

    public static func + (t: WallTime, d: Duration) -> WallTime {
        WallTime(milliseconds: t.milliseconds + d.wholeMilliseconds)
    }

    public static func - (t: WallTime, d: Duration) -> WallTime {
        WallTime(milliseconds: t.milliseconds - d.wholeMilliseconds)
    }

    /// The time from `earlier` to `self`.
    public func since(_ earlier: WallTime) -> Duration {
        .milliseconds(milliseconds - earlier.milliseconds)
    }

    /// ISO-8601 UTC with milliseconds: `2026-11-22T04:47:00.123Z`.
    public var iso8601: String {
        let ms = ((milliseconds % 1000) + 1000) % 1000
        let seconds = (milliseconds - ms) / 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (y, m, d) = Self.civil(fromDays: days)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let msText = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return "\(y)-\(two(m))-\(two(d))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)).\(msText)Z"
    }

    public var description: String { iso8601 }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

extension Duration {
    /// Whole milliseconds, rounded toward zero.
    public var wholeMilliseconds: Int64 {
        let (s, atto) = components
        return s * 1000 + atto / 1_000_000_000_000_000
    }

    /// Seconds as a Double.
    public var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
