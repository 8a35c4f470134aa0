/// One `KEY=VALUE` assignment of an sd_notify(3) message.
public enum NotifyState: Sendable, Hashable {
    /// `READY=1`: start-up finished.
    case ready
    /// `STOPPING=1`: shutdown began.
    case stopping
    /// `RELOADING=1`: reloading configuration (send `.ready` when done).
    case reloading
    /// `STATUS=…`: free-form status; sent as a single line (control characters become spaces).
    case status(String)
    /// `WATCHDOG=1`: keep-alive ping.
    case watchdog
    /// `WATCHDOG=trigger`: ask systemd to act as if the watchdog had expired.
    case watchdogTrigger
    /// `EXTEND_TIMEOUT_USEC=…`: extend the current start/stop timeout to now + the duration.
    case extendTimeout(Duration)
    /// `MAINPID=…`: the service's main process, if not the sender.
    case mainPID(Int32)

    /// The line sent on the wire, without a trailing newline.
    public var wireForm: String {
        switch self {
        case .ready: "READY=1"
        case .stopping: "STOPPING=1"
        case .reloading: "RELOADING=1"
        case .status(let text): "STATUS=\(Self.singleLine(text))"
        case .watchdog: "WATCHDOG=1"
        case .watchdogTrigger: "WATCHDOG=trigger"
        case .extendTimeout(let duration): "EXTEND_TIMEOUT_USEC=\(duration.clampedMicroseconds)"
        case .mainPID(let pid): "MAINPID=\(pid)"
        }
    }

    /// The message for several states: one line each, newline-separated, for one datagram.
    public static func message(_ states: [NotifyState]) -> String {
        states.map(\.wireForm).joined(separator: "\n")
    }

    /// Replaces every control character (newline, NUL, DEL, C1…) with a space.
    static func singleLine(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(scalar.properties.generalCategory == .control ? " " : scalar)
        }
        return String(scalars)
    }
}

extension Duration {
    /// Whole microseconds, negative durations as 0, saturating at `UInt64.max`.
    var clampedMicroseconds: UInt64 {
        let (seconds, attoseconds) = self.components
        guard seconds >= 0, !(seconds == 0 && attoseconds < 0) else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000)
        let (total, overflow2) = whole.addingReportingOverflow(UInt64(attoseconds / 1_000_000_000_000))
        return overflow || overflow2 ? UInt64.max : total
    }
}
