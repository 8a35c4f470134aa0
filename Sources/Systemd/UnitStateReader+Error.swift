internal import Glibc

extension UnitStateReader {
    /// Why a unit's state could not be read.
    public enum Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
        /// systemd knows no such unit (`LoadState=not-found`, or `NoSuchUnit`).
        case unitNotFound(unit: String)
        /// A libsystemd call failed; `busError` is the D-Bus error name of an error reply, if any.
        case call(Systemd.Error, busError: String?, busMessage: String?)

        /// Metric-safe reason: `unit_not_found`, `bus_error_reply`, or `Systemd.Error.reason`
        /// (`socket_missing`, `connection_refused`, `timeout`, `disconnected`, …).
        public var reason: String {
            switch self {
            case .unitNotFound: "unit_not_found"
            case .call(let error, let busError, _):
                if busError != nil && !Self.isTimeout(error.errno) && !Self.isDisconnect(error.errno) {
                    "bus_error_reply"
                } else if Self.isTimeout(error.errno) {
                    "timeout"
                } else if Self.isDisconnect(error.errno) {
                    "disconnected"
                } else {
                    error.reason
                }
            }
        }

        public var description: String {
            switch self {
            case .unitNotFound(let unit): "systemd unit \(unit) not found"
            case .call(let error, let busError, let busMessage):
                "\(error)" + (busError.map { "; D-Bus error \($0)" } ?? "") + (busMessage.map { ": \($0)" } ?? "")
            }
        }

        /// True when the connection is unusable and must be reopened.
        var breaksConnection: Bool {
            guard case .call(let error, _, _) = self else { return false }
            return Self.isDisconnect(error.errno)
        }

        static func isTimeout(_ errno: Int32) -> Bool { errno == ETIMEDOUT }

        static func isDisconnect(_ errno: Int32) -> Bool {
            [ECONNRESET, ENOTCONN, EPIPE, ESHUTDOWN, ECONNABORTED, ECHILD].contains(errno)
        }
    }
}
