import Foundation
import Testing
import WardenTestSupport

/// `warden check` as an operator runs it: the real binary, real files, real environment.
@Suite(.timeLimit(.minutes(1)))
final class CheckCommandTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: dir)
    }

    func write(_ text: String, _ name: String = "warden.toml") throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test
    func shippedExampleConfigIsAccepted() throws {
        let path = WardenProcess.repositoryRoot.appendingPathComponent("units/warden.toml").path
        let r = try WardenProcess.run(["check", "--config", path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("[exit]") && r.stdout.contains("take_profit_pct = 2.5"))
        #expect(r.stderr.isEmpty)
    }

    @Test
    func exampleConfigListsEveryKey() throws {
        let text = try String(contentsOf: WardenProcess.repositoryRoot.appendingPathComponent("units/warden.toml"), encoding: .utf8)
        let r = try WardenProcess.run(["check", "--config", WardenProcess.repositoryRoot.appendingPathComponent("units/warden.toml").path])
        // Every key the effective config prints appears, set, in the example file.
        let keys = r.stdout.split(separator: "\n").filter { $0.contains(" = ") }.map { $0.split(separator: " ")[0] }
        #expect(keys.count > 30)
        for key in keys {
            #expect(text.contains("\n\(key) = "), "units/warden.toml lacks \(key)")
        }
    }

    @Test(arguments: [
        ("[redis]\nurl = \"http://x\"\n", "redis.url"),
        ("[redis]\nbogus = 1\n", "redis.bogus"),
        ("[exit]\ntake_profit_pct = \"high\"\n", "exit.take_profit_pct"),
        ("[exit]\nstop_loss_pct = -3\n", "exit.stop_loss_pct"),
        ("[exit]\ntake_profit_pct = 5000\n", "exit.take_profit_pct"),
        ("[binance]\nbase_url = \"fapi.binance.com\"\n", "binance.base_url"),
        ("[emergency]\nmode = \"on\"\n", "emergency.mode"),
        ("[mystery]\nx = 1\n", "mystery"),
        ("[redis\nurl=", "config"),
    ])
    func badConfigExitsNonZeroNamingTheKey(toml: String, key: String) throws {
        let r = try WardenProcess.run(["check", "--config", try write(toml)])
        #expect(r.status != 0)
        let errors = r.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        #expect(errors.count == 1, "stderr: \(r.stderr)")
        #expect(errors.first?.hasPrefix("error: \(key): ") == true, "stderr: \(r.stderr)")
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack dump"))
    }

    @Test
    func missingFileIsOneProblem() throws {
        let r = try WardenProcess.run(["check", "--config", dir.appendingPathComponent("nope.toml").path])
        #expect(r.status != 0)
        #expect(r.stderr.hasPrefix("error: config: cannot read "), "stderr: \(r.stderr)")
        #expect(r.stderr.contains("no such file"))
    }

    @Test
    func severalProblemsGiveOneLineEach() throws {
        let toml = "[redis]\nurl = \"x\"\n[exit]\ntake_profit_pct = -1\nstop_loss_pct = 99\n[log]\nlevel = \"loud\"\n"
        let r = try WardenProcess.run(["check", "--config", try write(toml)])
        #expect(r.status != 0)
        #expect(r.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }.count == 4, "stderr: \(r.stderr)")
    }

    @Test
    func environmentOverridesTheFile() throws {
        let path = try write("[exit]\nstop_loss_pct = 1.5\n")
        let r = try WardenProcess.run(["check", "--config", path], environment: ["WARDEN_EXIT_STOP_LOSS_PCT": "2.25"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("stop_loss_pct = 2.25  # env WARDEN_EXIT_STOP_LOSS_PCT"))
        let bad = try WardenProcess.run(["check", "--config", path], environment: ["WARDEN_EXIT_STOP_LOSS_PCT": "lots"])
        #expect(bad.status != 0)
        #expect(bad.stderr.hasPrefix("error: exit.stop_loss_pct: WARDEN_EXIT_STOP_LOSS_PCT must be a number"))
    }

    @Test
    func secretsFromCredentialsAreRedacted() throws {
        let creds = dir.appendingPathComponent("creds")
        try FileManager.default.createDirectory(at: creds, withIntermediateDirectories: true)
        try "KEY-abc123\n".write(to: creds.appendingPathComponent("binance-api-key"), atomically: true, encoding: .utf8)
        try "SECRET-xyz789".write(to: creds.appendingPathComponent("binance-api-secret"), atomically: true, encoding: .utf8)
        let path = try write("[emergency]\nmode = \"armed\"\n[redis]\nurl = \"redis://:hunter2@127.0.0.1:6379/0\"\n")
        let r = try WardenProcess.run(["check", "--config", path], environment: ["CREDENTIALS_DIRECTORY": creds.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        for secret in ["KEY-abc123", "SECRET-xyz789", "hunter2"] {
            #expect(!r.stdout.contains(secret) && !r.stderr.contains(secret))
        }
        #expect(r.stdout.contains("# api_key: <redacted>, from credential binance-api-key"))
        #expect(r.stdout.contains("# api_secret: <redacted>, from credential binance-api-secret"))
    }

    @Test
    func environmentSecretsAreUsedWhenNoCredentialExists() throws {
        let path = try write("[emergency]\nmode = \"armed\"\n")
        let r = try WardenProcess.run(["check", "--config", path],
                                      environment: ["BINANCE_API_KEY": "envkey-1", "BINANCE_API_SECRET": "envsecret-2"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("from environment BINANCE_API_KEY"))
        #expect(!r.stdout.contains("envkey-1") && !r.stdout.contains("envsecret-2"))
        let none = try WardenProcess.run(["check", "--config", path])
        #expect(none.status != 0)
        #expect(none.stderr.contains("error: binance.api_key: required when emergency.mode is armed"))
    }

    @Test
    func unreadableCredentialIsAProblemNamingTheKey() throws {
        let creds = dir.appendingPathComponent("creds")
        // A directory where the credential file should be: unreadable even for root.
        try FileManager.default.createDirectory(at: creds.appendingPathComponent("binance-api-secret"), withIntermediateDirectories: true)
        let r = try WardenProcess.run(["check", "--config", try write("")],
                                      environment: ["CREDENTIALS_DIRECTORY": creds.path, "BINANCE_API_SECRET": "fallback-secret"])
        #expect(r.status != 0)
        #expect(r.stderr.hasPrefix("error: binance.api_secret: credential binance-api-secret is unreadable"), "stderr: \(r.stderr)")
        #expect(!r.stderr.contains("fallback-secret"))
    }

    @Test
    func secretPastedIntoTheFileIsRejectedWithoutEchoingIt() throws {
        let r = try WardenProcess.run(["check", "--config", try write("[binance]\napi_secret = \"PASTED-SECRET-42\"\n")])
        #expect(r.status != 0)
        #expect(r.stderr.hasPrefix("error: binance.api_secret: unknown key"))
        #expect(!r.stderr.contains("PASTED-SECRET-42") && !r.stdout.contains("PASTED-SECRET-42"))
    }
}
