internal import Glibc

extension Systemd {
    /// A failed libsystemd call: the C function's name and the errno it returned.
    public struct Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
        /// The C function that failed, e.g. `sd_notify`.
        public let function: String
        /// The positive errno value (libsystemd returns `-errno`).
        public let errno: Int32

        public init(function: String, errno: Int32) {
            self.function = function
            self.errno = errno
        }

        /// Creates the error from a negative libsystemd return code.
        init(function: String, returnCode: Int32) {
            self.init(function: function, errno: returnCode == Int32.min ? Int32.max : -returnCode)
        }

        /// Metric-safe reason; one of a fixed set of values.
        public var reason: String {
            switch self.errno {
            case ENOENT: "socket_missing"
            case ECONNREFUSED: "connection_refused"
            case EACCES, EPERM: "permission_denied"
            case EINVAL: "invalid_argument"
            case EMSGSIZE: "message_too_large"
            case EAGAIN, ENOBUFS, ENOMEM, EMFILE, ENFILE: "resource_exhausted"
            default: "other"
            }
        }

        public var description: String {
            "\(self.function) failed: errno \(self.errno) (\(String(cString: strerror(self.errno))))"
        }
    }
}
