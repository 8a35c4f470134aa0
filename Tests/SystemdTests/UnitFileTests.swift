import Foundation
import Testing

/// units/warden.service: systemd's own checks (`verify`, `security`) and the directives Warden relies on.
struct UnitFileTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let unitFile = repositoryRoot.appendingPathComponent("units/warden.service")

    @Test
    func systemdVerifyReportsNothing() throws {
        let result = try Self.analyze(["verify"])
        #expect(result.status == 0, "systemd-analyze verify exited \(result.status)")
        #expect(result.stderrLines.isEmpty, "systemd-analyze verify: \(result.stderrLines)")
    }

    @Test
    func securityExposureIsAtMostTwo() throws {
        let result = try Self.analyze(["security", "--offline=true"])
        #expect(result.status == 0)
        let line = try #require(result.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let score = try #require(line.firstMatch(of: /: (\d+\.\d+)/).flatMap { Double($0.1) }, "\(line)")
        #expect(score <= 2.0, "\(line)")
    }

    @Test(arguments: [
        ("Service", "Type", "notify"),
        ("Service", "NotifyAccess", "main"),
        ("Service", "WatchdogSec", "30s"),
        ("Service", "Restart", "on-failure"),
        ("Service", "ExecStart", "/usr/local/bin/warden run --config /etc/warden/warden.toml"),
        ("Service", "LoadCredential", "binance-api-key:/etc/warden/credentials/binance-api-key"),
        ("Service", "LoadCredential", "binance-api-secret:/etc/warden/credentials/binance-api-secret"),
        ("Service", "StateDirectory", "warden"),
        ("Service", "SupplementaryGroups", "systemd-journal"),
        ("Service", "RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6"),
        ("Service", "TimeoutStopSec", "20s"),
        ("Unit", "StartLimitBurst", "5"),
    ])
    func requiredDirectiveIsSet(section: String, key: String, value: String) throws {
        let directives = try Self.directives()
        #expect(directives.contains { $0 == (section, key, value) }, "[\(section)] \(key)=\(value) missing")
    }

    @Test
    func noDynamicUserBecauseDBusRejectsIt() throws {
        #expect(!(try Self.directives()).contains { $0.key == "DynamicUser" && $0.value != "no" })
    }

    // MARK: - Helpers

    /// Every `Key=Value` line with its section, comments and blank lines skipped.
    static func directives() throws -> [(section: String, key: String, value: String)] {
        var section = ""
        var result: [(section: String, key: String, value: String)] = []
        for raw in try String(contentsOf: Self.unitFile, encoding: .utf8).split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                section = String(line.dropFirst().dropLast())
            } else if let equals = line.firstIndex(of: "=") {
                result.append((section, String(line[..<equals]), String(line[line.index(after: equals)...])))
            }
        }
        return result
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderrLines: [Substring]
    }

    /// Runs `systemd-analyze <arguments> <copy>` on a copy whose ExecStart names an existing binary.
    static func analyze(_ arguments: [String]) throws -> Output {
        let directory = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        let unit = try String(contentsOf: Self.unitFile, encoding: .utf8)
            .replacingOccurrences(of: "ExecStart=/usr/local/bin/warden ", with: "ExecStart=/bin/true ")
        try #require(unit.contains("ExecStart=/bin/true "))
        try unit.write(toFile: "\(directory)/warden.service", atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: "\(directory)/out", contents: nil)
        _ = FileManager.default.createFile(atPath: "\(directory)/err", contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
        process.arguments = arguments + ["\(directory)/warden.service"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle(forWritingAtPath: "\(directory)/out")
        process.standardError = FileHandle(forWritingAtPath: "\(directory)/err")
        try process.run()
        process.waitUntilExit()
        let stdout = try String(contentsOfFile: "\(directory)/out", encoding: .utf8)
        let stderr = try String(contentsOfFile: "\(directory)/err", encoding: .utf8)
        return Output(
            status: process.terminationStatus,
            stdout: stdout,
            stderrLines: stderr.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }
        )
    }
}
