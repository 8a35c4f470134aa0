import Glibc

/// The real wall clock, read in one place so every adapter agrees on it.
public enum SystemTime {
    /// Milliseconds since the Unix epoch (`CLOCK_REALTIME`).
    public static func milliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
