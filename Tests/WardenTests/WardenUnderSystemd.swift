import Foundation
import Glibc
import WardenTestSupport

/// `units/warden.service` run by a real systemd in a sandbox (`SystemdSandbox`, with journald),
/// against a private redis-server and a minimal fake Binance on the host loopback (the sandbox
/// shares the network namespace). The fake answers with no positions and no prices: the unit
/// needs credential files, so Warden calls the exchange, and an unreachable one would keep
/// `/health` degraded throughout and hide what Redis does to it.
///
/// The unit is the shipped file with only these lines changed: `ExecStart=` (the built binary and a
/// test config), `WatchdogSec=2`, and the two `LoadCredential=` source paths (dummy files in the
/// sandbox directory; systemd 252 fails the unit with 243/CREDENTIALS when a source is missing).
/// `User=warden` stays: the sandbox creates that user in its private `/etc`, as the unit's install
/// notes do. `environment` lines are added as `Environment=`.
struct WardenUnderSystemd {
    static let unit = "warden.service"
    let sandbox: SystemdSandbox
    let redis: RedisServer
    let healthPort: Int

    /// Boots the sandbox, starts Warden in it, runs `body`, and tears everything down, also when
    /// `body` throws. The console log's tail is printed when something threw.
    static func run(environment: [String] = [], _ body: (WardenUnderSystemd) async throws -> Void) async throws {
        let redis = try await RedisServer.start()
        let exchange = try Self.fakeExchange()
        var sandbox: SystemdSandbox?
        do {
            let booted = try await SystemdSandbox.boot(journal: true)
            sandbox = booted
            let fixture = WardenUnderSystemd(sandbox: booted, redis: redis, healthPort: try RedisServer.freePort())
            try await fixture.install(exchangeURL: exchange.url(""), environment: environment)
            try await booted.start(unit: Self.unit)
            try await body(fixture)
        } catch {
            if let sandbox { Self.printConsoleTail(sandbox) }
            await sandbox?.shutdown()
            await redis.stop()
            exchange.stop()
            throw error
        }
        await sandbox?.shutdown()
        await redis.stop()
        exchange.stop()
    }

    /// Writes the config, the dummy credentials and the unit, and reloads systemd.
    func install(exchangeURL: String, environment: [String]) async throws {
        let dir = sandbox.directory
        let config = dir.appendingPathComponent("warden.toml")
        try """
            [redis]
            url = "\(redis.url)"
            [binance]
            base_url = "\(exchangeURL)"
            [health]
            listen = "127.0.0.1:\(healthPort)"
            """.write(to: config, atomically: true, encoding: .utf8)
        let credentials = dir.appendingPathComponent("credentials")
        try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true)
        for (name, value) in [("binance-api-key", "sandbox-key"), ("binance-api-secret", "sandbox-secret")] {
            let file = credentials.appendingPathComponent(name)
            try value.write(to: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        }
        // The binary is copied into the sandbox: the checkout may sit under a tree the sandbox
        // replaces (/tmp, /var/tmp), where systemd inside would not find it.
        let binary = dir.appendingPathComponent("warden")
        try? FileManager.default.removeItem(at: binary)
        try FileManager.default.copyItem(at: WardenProcess.executable, to: binary)
        let text = try Self.unitText(executable: binary.path, config: config.path,
                                     credentials: credentials.path, environment: environment)
        try await sandbox.install(unit: Self.unit, contents: text)
    }

    /// The shipped unit with only the test's lines changed; throws if one of them is not found.
    static func unitText(executable: String, config: String, credentials: String, environment: [String]) throws -> String {
        let shipped = try String(contentsOf: WardenProcess.repositoryRoot.appendingPathComponent("units/warden.service"), encoding: .utf8)
        let replacements: [(prefix: String, line: String)] = [
            ("ExecStart=", "ExecStart=\(executable) run --config \(config)"),
            ("WatchdogSec=", "WatchdogSec=2"),
            ("LoadCredential=binance-api-key:", "LoadCredential=binance-api-key:\(credentials)/binance-api-key"),
            ("LoadCredential=binance-api-secret:", "LoadCredential=binance-api-secret:\(credentials)/binance-api-secret"),
        ]
        var found = Set<String>()
        var lines: [String] = []
        for line in shipped.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let r = replacements.first(where: { line.hasPrefix($0.prefix) }) {
                guard found.insert(r.prefix).inserted else { throw UnitError.duplicate(r.prefix) }
                lines.append(r.line)
            } else {
                lines.append(line)
            }
            if line == "[Service]" { lines += environment.map { "Environment=\($0)" } }
        }
        for r in replacements where !found.contains(r.prefix) { throw UnitError.missing(r.prefix) }
        return lines.joined(separator: "\n")
    }

    enum UnitError: Error { case missing(String), duplicate(String) }

    /// A Binance stand-in with no positions and no prices, so the exchange never degrades Warden.
    static func fakeExchange() throws -> TestHTTPServer {
        try TestHTTPServer { request in
            let path = request.path.split(separator: "?").first.map(String.init) ?? request.path
            let json = [TestHTTPServer.Header("Content-Type", "application/json")]
            switch path {
            case "/fapi/v1/time":
                return .init(headers: json, text: "{\"serverTime\":\(Int64(Date().timeIntervalSince1970 * 1000))}")
            case "/fapi/v1/positionSide/dual":
                return .init(headers: json, text: "{\"dualSidePosition\":false}")
            case "/fapi/v2/positionRisk", "/fapi/v1/premiumIndex":
                return .init(headers: json, text: "[]")
            default:
                return .init(status: 404, headers: json, text: "{\"code\":-5000,\"msg\":\"Path \(path), Method GET is invalid\"}")
            }
        }
    }

    /// True if a sandbox can boot here; otherwise prints a loud SKIPPED line saying why.
    static func sandboxAvailable() -> Bool {
        guard let reason = SystemdSandbox.unavailableReason else { return true }
        let line = "SKIPPED: WardenUnderSystemdIsolatedTests (warden under real systemd) did not run: \(reason)\n"
        FileHandle.standardError.write(Data(("\n" + String(repeating: "!", count: 100) + "\n" + line
                                             + String(repeating: "!", count: 100) + "\n").utf8))
        return false
    }

    static func printConsoleTail(_ sandbox: SystemdSandbox) {
        let tail = sandbox.consoleLog.split(separator: "\n").suffix(80).joined(separator: "\n")
        FileHandle.standardError.write(Data("---- sandbox console.log (tail) ----\n\(tail)\n----\n".utf8))
    }
}
