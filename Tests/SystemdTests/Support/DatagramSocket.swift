import Glibc

/// A real AF_UNIX/SOCK_DGRAM socket bound by a test, standing in for systemd's notify socket.
final class DatagramSocket {
    let fileDescriptor: Int32
    /// The address in `NOTIFY_SOCKET` form: a path, or `@name` for the abstract namespace.
    let notifySocket: String
    private let path: String?

    /// Binds at a filesystem path.
    convenience init(path: String) {
        self.init(address: Array(path.utf8) + [0], notifySocket: path, path: path)
    }

    /// Binds in the abstract namespace (leading NUL in `sun_path`, no trailing NUL).
    convenience init(abstractName name: String) {
        self.init(address: [0] + Array(name.utf8), notifySocket: "@" + name, path: nil)
    }

    private init(address: [UInt8], notifySocket: String, path: String?) {
        self.fileDescriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        precondition(self.fileDescriptor >= 0, "socket failed: errno \(errno)")
        self.notifySocket = notifySocket
        self.path = path
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &storage.sun_path) { raw in
            precondition(address.count <= raw.count, "socket address too long")
            raw.copyBytes(from: address)
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + address.count)
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(self.fileDescriptor, $0, length) }
        }
        precondition(bound == 0, "bind \(notifySocket) failed: errno \(errno)")
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(self.fileDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(self.fileDescriptor)
        if let path { unlink(path) }
    }

    /// The next datagram's exact bytes, or nil if none arrives within 2 s (or, with `wait: false`, at once).
    func receive(wait: Bool = true) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes {
            recv(self.fileDescriptor, $0.baseAddress, $0.count, wait ? 0 : Int32(MSG_DONTWAIT))
        }
        return count < 0 ? nil : Array(buffer.prefix(count))
    }

    /// The next datagram as UTF-8 text.
    func receiveText() -> String? {
        self.receive().map { String(decoding: $0, as: UTF8.self) }
    }
}
