public import Foundation

/// Prometheus's `promtool`, for checking what Warden serves. `make test` exports
/// `WARDEN_PROMTOOL` (its own copy under `.build-tools/` when none is on PATH); when that is set,
/// a missing or broken promtool is a failure, not a skip.
public enum Promtool {
    /// What one promtool run printed and how it ended.
    public struct Result: Sendable {
        public let status: Int32
        public let output: String
    }

    /// The path `make test` requires, if it set one.
    public static var required: String? {
        ProcessInfo.processInfo.environment["WARDEN_PROMTOOL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `WARDEN_PROMTOOL`, else `promtool` on PATH, else the copy `make deps` extracts; nil if none.
    public static var executable: String? {
        if let path = required { return path }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = path.split(separator: ":").map { "\($0)/promtool" }
            + [WardenProcess.repositoryRoot.appendingPathComponent(".build-tools/prometheus/usr/bin/promtool").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `promtool <arguments>` with `input` on its standard input; stdout and stderr together.
    /// Waits by polling, so no thread of the cooperative pool is blocked meanwhile.
    public static func run(_ executable: String, _ arguments: [String], input: [UInt8]) async throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("promtool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inFile = dir.appendingPathComponent("in"), outFile = dir.appendingPathComponent("out")
        try Data(input).write(to: inFile)
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = try FileHandle(forReadingFrom: inFile)
        let out = try FileHandle(forWritingTo: outFile)
        process.standardOutput = out
        process.standardError = out
        try process.run()
        while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: try String(contentsOf: outFile, encoding: .utf8))
    }
}
