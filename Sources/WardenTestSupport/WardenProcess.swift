public import Foundation
import Glibc

/// Runs the built `warden` executable, as an operator or systemd would, and captures its output.
public enum WardenProcess {
    /// What one run printed and how it ended.
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The `warden` binary next to the test bundle in the build folder.
    public static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("warden")
    }

    /// The repository root, found from this file's path.
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs `warden <arguments>` with exactly `environment` (plus PATH) and waits for it to exit.
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let (process, dir) = try prepare(arguments, environment: environment)
        defer { try? FileManager.default.removeItem(at: dir) }
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: try String(contentsOf: dir.appendingPathComponent("stdout"), encoding: .utf8),
            stderr: try String(contentsOf: dir.appendingPathComponent("stderr"), encoding: .utf8))
    }

    /// A `Process` for the warden binary with stdout and stderr going to files in a fresh folder.
    static func prepare(_ arguments: [String], environment: [String: String]) throws -> (Process, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let out = dir.appendingPathComponent("stdout"), err = dir.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = environment
        env["PATH"] = env["PATH"] ?? ProcessInfo.processInfo.environment["PATH"]
        process.environment = env
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        return (process, dir)
    }
}

extension WardenProcess {
    /// A `warden` process running in the background (e.g. `warden run`), with its output in files.
    public final class Running: Sendable {
        public let process: Process
        let directory: URL

        init(process: Process, directory: URL) {
            self.process = process
            self.directory = directory
        }

        public var pid: Int32 { process.processIdentifier }

        /// What it printed so far (stdout and stderr).
        public var output: String {
            let out = (try? String(contentsOf: directory.appendingPathComponent("stdout"), encoding: .utf8)) ?? ""
            let err = (try? String(contentsOf: directory.appendingPathComponent("stderr"), encoding: .utf8)) ?? ""
            return out + err
        }

        /// Sends `signal` and waits up to `timeout` for the exit status (nil if it did not exit).
        public func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(20)) async -> Int32? {
            if process.isRunning { kill(process.processIdentifier, signal) }
            let deadline = ContinuousClock.now + timeout
            while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
            guard !process.isRunning else {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return nil
            }
            return process.terminationStatus
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// Starts `warden <arguments>` without waiting. Spawned with an empty signal mask, so it
    /// answers SIGTERM as it would under systemd.
    public static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Running {
        let (process, dir) = try prepare(arguments, environment: environment)
        try RedisServer.runWithEmptySignalMask(process)
        return Running(process: process, directory: dir)
    }
}

extension WardenProcess {
    /// Runs any program from PATH (e.g. `redis-cli`) and waits for it.
    public static func shell(_ program: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }
}
