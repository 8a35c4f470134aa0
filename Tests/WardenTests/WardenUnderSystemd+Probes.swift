import Foundation
import Glibc
import WardenTestSupport

extension WardenUnderSystemd {
    struct Timeout: Error, CustomStringConvertible {
        let description: String
    }

    /// Calls `probe` every `interval` until it returns a value; throws `Timeout` after `limit`.
    static func eventually<T>(_ what: String, within limit: Duration, every interval: Duration = .milliseconds(100),
                              _ probe: () async throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + limit
        while true {
            if let value = try await probe() { return value }
            guard ContinuousClock.now < deadline else { throw Timeout(description: "timed out after \(limit) waiting for \(what)") }
            try await Task.sleep(for: interval)
        }
    }

    /// Like `eventually`, but `probe` returns what it saw and whether that is the wanted state;
    /// the timeout error shows the last thing seen.
    static func waitUntil<T>(_ what: String, within limit: Duration, every interval: Duration = .milliseconds(100),
                             _ probe: () async throws -> (value: T, done: Bool)) async throws -> T {
        let deadline = ContinuousClock.now + limit
        while true {
            let seen = try await probe()
            if seen.done { return seen.value }
            guard ContinuousClock.now < deadline else {
                throw Timeout(description: "timed out after \(limit) waiting for \(what); last seen: \(seen.value)")
            }
            try await Task.sleep(for: interval)
        }
    }

    /// Unit and service properties of warden.service in two bus calls.
    func state() async throws -> [String: String] {
        let unit = try await sandbox.properties(Self.unit, ["ActiveState", "SubState"], interface: "Unit")
        let service = try await sandbox.properties(Self.unit, [
            "NRestarts", "Result", "StatusText", "ExecMainCode", "ExecMainStatus", "WatchdogUSec",
            "WatchdogTimestampMonotonic", "MainPID",
        ])
        return unit.merging(service) { a, _ in a }
    }

    /// Waits until Warden is `active` (READY=1 received); throws at once if the unit fails.
    @discardableResult
    func awaitActive(within limit: Duration = .seconds(30)) async throws -> [String: String] {
        try await Self.eventually("\(Self.unit) ActiveState=active", within: limit) {
            let s = try await state()
            if s["ActiveState"] == "failed" { throw Timeout(description: "\(Self.unit) failed before READY=1: \(s)") }
            return s["ActiveState"] == "active" ? s : nil
        }
    }

    /// `GET /health` parsed as JSON, or nil if it did not answer within a second.
    func health() async throws -> [String: Any]? {
        let port = healthPort
        let body = try await SystemdSandbox.offPool { Self.httpGet(port: port, path: "/health") }
        guard let body, let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else { return nil }
        return object
    }

    /// `redis-cli -p PORT ARGUMENTS` (raw replies, one per line); `input` goes to its stdin.
    func redisCLI(_ arguments: [String], input: String? = nil, timeout: Duration = .seconds(10)) async throws -> String {
        let r = try await SystemdSandbox.run("/usr/bin/redis-cli", ["-p", "\(redis.port)"] + arguments, input: input, timeout: timeout)
        guard r.status == 0, !r.timedOut else { throw Timeout(description: "redis-cli \(arguments): \(r)") }
        return r.stdout
    }

    /// `XINFO GROUPS stream` as field → value for the first group.
    func groupInfo(stream: String) async throws -> [String: String] {
        let lines = try await redisCLI(["XINFO", "GROUPS", stream]).split(separator: "\n").map(String.init)
        var info: [String: String] = [:]
        var i = 0
        while i + 1 < lines.count, info[lines[i]] == nil {
            info[lines[i]] = lines[i + 1]
            i += 2
        }
        return info
    }

    /// Journal entries (`journalctl -o json`) matching `matches` such as `WARDEN_EVENT=READY`.
    func journalEntries(_ matches: [String]) async throws -> [[String: Any]] {
        let text = try await sandbox.journal(["-o", "json"] + matches)
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// A plain HTTP/1.1 GET on 127.0.0.1 with a one-second receive timeout; nil on any failure.
    static func httpGet(port: Int, path: String) -> String? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        guard connected, write(fd, request, request.count) == request.count else { return nil }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n == 0 { break }
            guard n > 0 else { return nil }
            response += buffer[0..<n]
        }
        let text = String(decoding: response, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        return String(text[split.upperBound...])
    }
}
