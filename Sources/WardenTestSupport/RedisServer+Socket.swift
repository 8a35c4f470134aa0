#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

extension RedisServer {
    /// A loopback TCP port that was free a moment ago: bind port 0, read it back, close.
    public static func freePort() throws -> Int {
        let fd = try Self.loopbackSocket()
        defer { close(fd) }
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw Error(description: "cannot bind a loopback socket: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// True if the server on the loopback `port` is the one started with `unixSocket`: it
    /// answers `CONFIG GET unixsocket` with that path within 200 ms. A bare `PING` is not enough:
    /// when two tests pick the same free port, the second redis-server fails to bind and the
    /// first one answers its PING — both tests then share, and the first to stop pulls the
    /// server from under the other (seen as a failsafe test failing fast under load).
    static func answers(port: Int, unixSocket: String) -> Bool {
        guard let fd = try? Self.loopbackSocket() else { return false }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = Self.loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        let request = Array("*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$10\r\nunixsocket\r\n".utf8)
        guard connected, write(fd, request, request.count) == request.count else { return false }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        let expected = Array(unixSocket.utf8)
        while reply.count < 4096 {
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { return false }
            reply += buffer[0..<count]
            if reply.count >= expected.count, reply.indices.dropLast(expected.count - 1).contains(where: {
                reply[$0..<($0 + expected.count)].elementsEqual(expected)
            }) { return true }
            if reply.first != UInt8(ascii: "*") { return false }
        }
        return false
    }

    private static func loopbackSocket() throws -> Int32 {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Error(description: "socket() failed: errno \(errno)") }
        return fd
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
