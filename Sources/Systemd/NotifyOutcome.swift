/// What became of one sd_notify(3) message (go-systemd's three outcomes).
public enum NotifyOutcome: Sendable, Hashable {
    /// The datagram went out to `$NOTIFY_SOCKET`.
    case sent
    /// No `$NOTIFY_SOCKET`: not started by systemd (or not `Type=notify`); nothing was sent.
    case notConfigured
    /// The socket is configured but sending failed.
    case failed(Systemd.Error)

    /// Maps sd_notify's return value: `>0` sent, `0` no socket, `<0` `-errno`.
    init(sdNotifyReturn code: Int32, function: String = "sd_notify") {
        if code > 0 {
            self = .sent
        } else if code == 0 {
            self = .notConfigured
        } else {
            self = .failed(Systemd.Error(function: function, returnCode: code))
        }
    }
}
