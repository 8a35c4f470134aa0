internal import CSystemd

extension SystemdNotifier {
    /// The watchdog timeout systemd expects pings within (`WatchdogSec=`), or nil when off.
    ///
    /// Uses `sd_watchdog_enabled`, so `WATCHDOG_PID` naming another process means off; a
    /// malformed or zero `WATCHDOG_USEC` also means off.
    public static func watchdogTimeout() -> Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(clamping: usec))
    }

    /// How often to send `WATCHDOG=1`: half the timeout, as sd_watchdog_enabled(3) recommends.
    public static func watchdogPingInterval() -> Duration? {
        self.watchdogTimeout().map { $0 / 2 }
    }
}
