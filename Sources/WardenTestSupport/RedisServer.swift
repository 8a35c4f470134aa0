internal import Foundation
internal import Synchronization
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A private `redis-server` for tests: loopback port, unix socket, no persistence, its own temp dir.
///
/// `stop()` (or `withRedisServer`) terminates it and waits; `deinit` does the same as a fallback,
/// and `start()` kills servers left behind by a test process that crashed.
public final class RedisServer: Sendable {
    public let port: Int
    public let pid: Int32
    public let unixSocketPath: String
    private let directory: URL
    private let state: Mutex<State>

    private struct State {
        var process: Process
        var paused = false
        var stopped = false
    }

    /// `redis://127.0.0.1:PORT/0`
    public var url: String { "redis://127.0.0.1:\(self.port)/0" }

    /// `unix:///…/redis.sock`
    public var unixURL: String { "unix://\(self.unixSocketPath)" }

    /// Why a server could not be started.
    public struct Error: Swift.Error, CustomStringConvertible {
        public let description: String
    }

    init(port: Int, directory: URL, process: Process) {
        self.port = port
        self.pid = process.processIdentifier
        self.directory = directory
        self.unixSocketPath = directory.appendingPathComponent("redis.sock").path
        self.state = Mutex(State(process: process))
    }

    /// Launches a server on `port`, or on a free port (retrying with another if it fails to start),
    /// and returns once it answers `PING`.
    public static func start(port: Int? = nil) async throws -> RedisServer {
        let executable = try Self.executable()
        var failure: (any Swift.Error)?
        for _ in 0..<5 {
            do {
                return try await RedisServerLauncher().launch(executable, port: port)
            } catch {
                failure = error
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        throw failure ?? Error(description: "redis-server did not start")
    }

    /// Freezes the server (SIGSTOP): connections stay open, nothing is answered.
    public func pause() {
        self.state.withLock { state in
            guard !state.stopped else { return }
            kill(self.pid, SIGSTOP)
            state.paused = true
        }
    }

    /// Undoes `pause()` (SIGCONT).
    public func resume() {
        self.state.withLock { state in
            guard !state.stopped else { return }
            kill(self.pid, SIGCONT)
            state.paused = false
        }
    }

    /// Terminates the server (resuming it first if paused) and waits until it has exited.
    public func stop() async {
        guard let process = self.terminate() else { return }
        for _ in 0..<500 where process.isRunning {
            try? await Task.sleep(for: .milliseconds(10))
        }
        self.finish(process)
    }

    deinit {
        guard let process = self.terminate() else { return }
        for _ in 0..<1000 where process.isRunning {
            usleep(5000)
        }
        self.finish(process)
    }

    /// Sends SIGCONT (if paused) and SIGTERM once; nil if already stopped.
    private func terminate() -> Process? {
        self.state.withLock { state in
            guard !state.stopped else { return nil }
            state.stopped = true
            if state.paused { kill(self.pid, SIGCONT) }
            kill(self.pid, SIGTERM)
            return state.process
        }
    }

    private func finish(_ process: Process) {
        if process.isRunning {
            kill(self.pid, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: self.directory)
    }
}

/// Runs `body` with a fresh server and stops the server afterwards, also when `body` throws.
public func withRedisServer<Result>(_ body: (RedisServer) async throws -> Result) async throws -> Result {
    let server = try await RedisServer.start()
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}
