internal import Blocking
internal import Foundation
#if canImport(Glibc)
internal import Glibc
#endif

extension SystemdSandbox {
    /// What one helper command printed and how it ended.
    public struct Output: Sendable, CustomStringConvertible {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        /// True if it was killed for running past its timeout.
        public let timedOut: Bool

        public var description: String {
            "status \(status)\(timedOut ? " (timed out)" : ""); stdout: \(stdout.suffix(2000)); stderr: \(stderr.suffix(2000))"
        }
    }

    /// Runs `executable arguments` to completion off the cooperative pool, killing it after
    /// `timeout`. `environment` is added to this process's; `input` is written to its stdin.
    /// The child starts with an empty signal mask and default signal actions (see `Child`).
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           input: String? = nil, timeout: Duration = .seconds(10)) async throws -> Output {
        try await BlockingRunner(label: "warden.test.command").perform {
            try Self.runBlocking(executable, arguments, environment: environment, input: input, timeout: timeout)
        }
    }

    /// Runs `body` on a thread of its own (blocking socket reads, waits on processes).
    public static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await BlockingRunner(label: "warden.test.blocking").perform(body)
    }

    static func runBlocking(_ executable: String, _ arguments: [String], environment: [String: String],
                            input: String?, timeout: Duration) throws -> Output {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-cmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("stdout"), err = dir.appendingPathComponent("stderr")
        let inFile = dir.appendingPathComponent("stdin")
        _ = FileManager.default.createFile(atPath: inFile.path, contents: Data((input ?? "").utf8))
        let child = try Child(executable, arguments,
                              environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
                              stdin: .file(inFile.path), stdout: out.path, stderr: err.path)
        var timedOut = false
        if !child.wait(timeout) {
            timedOut = true
            child.signal(SIGKILL)
            _ = child.wait(.seconds(10))
        }
        return Output(
            status: child.exitStatus ?? -1,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "",
            timedOut: timedOut)
    }
}

/// An actor on a dispatch queue of its own, so blocking work never occupies Swift's cooperative pool.
actor BlockingRunner {
    nonisolated let executor: BlockingExecutor

    init(label: String) {
        self.executor = BlockingExecutor(label: label)
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor {
        self.executor.asUnownedSerialExecutor()
    }

    func perform<T: Sendable>(_ body: @Sendable () throws -> T) throws -> T {
        try body()
    }
}
