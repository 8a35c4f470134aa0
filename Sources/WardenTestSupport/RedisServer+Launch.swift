internal import Blocking
internal import Foundation
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

extension RedisServer {
    /// The parent of every server's directory; each is named `<test process pid>-<port>-<random>`.
    static let root = FileManager.default.temporaryDirectory.appendingPathComponent("warden-redis-tests")

    static func executable() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = ["/usr/bin"] + path.split(separator: ":").map(String.init)
        for directory in candidates {
            let file = URL(fileURLWithPath: directory).appendingPathComponent("redis-server")
            if FileManager.default.isExecutableFile(atPath: file.path) { return file }
        }
        throw Error(description: "redis-server is not installed (not in /usr/bin or on PATH): run `make test`, which installs it")
    }

    /// Foundation's `Process` on Linux hands the calling thread's signal mask to the child
    /// (swift-corelibs-foundation#4772), and dispatch threads block nearly every signal, so a
    /// server started from a test would ignore SIGTERM. Spawn with an empty mask instead.
    static func runWithEmptySignalMask(_ process: Process) throws {
        var empty = sigset_t()
        var saved = sigset_t()
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        try process.run()
    }

    /// Kills servers whose test process is gone (it crashed before it could stop them).
    static func reapOrphans() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Self.root.path)) ?? []
        for name in names {
            guard let owner = Int32(name.prefix { $0 != "-" }), owner != getpid(),
                  kill(owner, 0) == -1, errno == ESRCH
            else { continue }
            let directory = Self.root.appendingPathComponent(name)
            let pidFile = directory.appendingPathComponent("redis.pid")
            // redis-server rewrites its command line to "redis-server 127.0.0.1:<port>": match on that.
            let port = name.split(separator: "-").dropFirst().first.map(String.init) ?? "?"
            if let text = try? String(contentsOf: pidFile, encoding: .utf8), let pid = Int32(text),
               let command = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8),
               command.hasPrefix("redis-server"), command.contains(":\(port)") {
                kill(pid, SIGCONT)
                kill(pid, SIGKILL)
            }
            try? FileManager.default.removeItem(at: directory)
        }
    }
}

/// Starts one redis-server on a thread of its own: spawning it and polling it with a blocking
/// PING never occupy Swift's cooperative pool, so tests that time the pool stay fair.
actor RedisServerLauncher {
    nonisolated let executor = BlockingExecutor(label: "warden.test.redis-server")

    nonisolated var unownedExecutor: UnownedSerialExecutor {
        self.executor.asUnownedSerialExecutor()
    }

    func launch(_ executable: URL, port: Int?) throws -> RedisServer {
        RedisServer.reapOrphans()
        let port = try port ?? RedisServer.freePort()
        let name = "\(getpid())-\(port)-\(UInt32.random(in: 0...UInt32.max))"
        let directory = RedisServer.root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", directory.path, "--unixsocket", directory.appendingPathComponent("redis.sock").path,
            "--unixsocketperm", "700", "--logfile", directory.appendingPathComponent("redis.log").path,
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try RedisServer.runWithEmptySignalMask(process)
        let server = RedisServer(port: port, directory: directory, process: process)
        try? "\(server.pid)".write(to: directory.appendingPathComponent("redis.pid"), atomically: true, encoding: .utf8)
        for _ in 0..<1000 {
            if RedisServer.answers(port: port, unixSocket: server.unixSocketPath) { return server }
            guard process.isRunning else { break }
            usleep(5000)
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("redis.log"), encoding: .utf8)) ?? ""
        throw RedisServer.Error(description: "redis-server on port \(port) did not answer PING; log:\n\(log.suffix(2000))")
    }
}
