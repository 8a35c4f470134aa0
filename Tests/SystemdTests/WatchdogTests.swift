import Glibc
import Systemd
import Testing

extension ProcessEnvironmentTests {
    /// sd_watchdog_enabled: WATCHDOG_USEC counts only when WATCHDOG_PID is unset or our pid.
    @Suite
    struct WatchdogTests {
        @Test
        func watchdogForThisProcessGivesTimeoutAndHalfAsInterval() {
            let (timeout, interval) = withEnvironment(["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "\(getpid())"]) {
                (SystemdNotifier.watchdogTimeout(), SystemdNotifier.watchdogPingInterval())
            }
            #expect(timeout == .seconds(2))
            #expect(interval == .seconds(1))
        }

        @Test
        func watchdogWithoutPidAppliesToThisProcess() {
            let timeout = withEnvironment(["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": nil]) {
                SystemdNotifier.watchdogTimeout()
            }
            #expect(timeout == .seconds(30))
        }

        @Test(arguments: [
            ("2000000", "1"),  // meant for another process (pid 1)
            (nil, nil),  // not set at all
            ("garbage", nil),
            ("-5", nil),
            ("0", nil),
            ("", nil),
        ] as [(String?, String?)])
        func watchdogIsOff(usec: String?, pid: String?) {
            let (timeout, interval) = withEnvironment(["WATCHDOG_USEC": usec, "WATCHDOG_PID": pid]) {
                (SystemdNotifier.watchdogTimeout(), SystemdNotifier.watchdogPingInterval())
            }
            #expect(timeout == nil)
            #expect(interval == nil)
        }

        @Test
        func watchdogReadDoesNotUnsetTheEnvironment() {
            let still = withEnvironment(["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "\(getpid())"]) {
                _ = SystemdNotifier.watchdogTimeout()
                return getenv("WATCHDOG_USEC").map { String(cString: $0) }
            }
            #expect(still == "2000000")
        }
    }
}
