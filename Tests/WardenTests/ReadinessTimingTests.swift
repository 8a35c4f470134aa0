import Foundation
import Glibc
import Testing
import WardenTestSupport

/// `warden run` with Redis down at start, its notifications read from a real `NOTIFY_SOCKET`:
/// it extends systemd's start timeout while waiting, then reports READY=1 in a degraded state
/// (a dead Redis must not become a restart loop), and keeps running.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct ReadinessTimingTests {
    /// A bound AF_UNIX datagram socket, as systemd's notification socket.
    final class NotifySocket {
        let fd: Int32
        let path: String

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("wn-\(UInt32.random(in: 0...UInt32.max)).sock").path
            fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var addr = sockaddr_un()
            addr.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &addr.sun_path) { raw in
                for (i, b) in path.utf8.enumerated() { raw[i] = b }
            }
            let ok = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard fd >= 0, ok == 0 else { throw POSIXError(.EADDRINUSE) }
            var tv = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        }

        /// Datagrams received until `deadline` or until `stop` says so.
        func receive(until deadline: ContinuousClock.Instant, stop: ([String]) -> Bool) -> [String] {
            var got: [String] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while ContinuousClock.now < deadline, !stop(got) {
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n > 0 { got.append(String(decoding: buffer[..<n], as: UTF8.self)) }
            }
            return got
        }

        deinit {
            close(fd)
            unlink(path)
        }
    }

    @Test
    func deadRedisAtStartExtendsTheTimeoutThenReadyDegraded() throws {
        let socket = try NotifySocket()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-ready-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let dead = try TestHTTPServer.unusedPort()
        let config = dir.appendingPathComponent("warden.toml")
        try """
        [redis]
        url = "redis://127.0.0.1:\(dead)/0"
        [binance]
        base_url = "http://127.0.0.1:\(dead)"
        [health]
        listen = "127.0.0.1:0"
        [state]
        dir = "\(dir.path)"
        [startup]
        max_wait_s = 2
        """.write(to: config, atomically: true, encoding: .utf8)
        let warden = try WardenProcess.start(["run", "--config", config.path], environment: ["NOTIFY_SOCKET": socket.path])
        let messages = socket.receive(until: .now + .seconds(15)) { got in got.contains { $0.contains("READY=1") } }
        let ready = try #require(messages.first { $0.contains("READY=1") }, "no READY=1; got \(messages)\n\(warden.output)")
        #expect(ready.contains("STATUS=DEGRADED"), "\(ready)")
        #expect(messages.contains { $0.contains("EXTEND_TIMEOUT_USEC=") }, "\(messages)")
        #expect(warden.process.isRunning, "a dead Redis must not end the process")
    }
}
