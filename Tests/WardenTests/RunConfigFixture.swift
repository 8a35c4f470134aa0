import Foundation
import WardenTestSupport

/// A minimal `warden.toml` for `warden run` as a process: the given redis-server, an exchange
/// on a closed port, `/health` on a free port, and the state directory the config sits in.
/// The caller removes `directory`.
struct RunConfigFixture {
    let directory: URL
    let config: URL
    let healthPort: Int

    init(redisURL: String, name: String) throws {
        healthPort = try TestHTTPServer.unusedPort()
        let deadExchange = try TestHTTPServer.unusedPort()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        config = directory.appendingPathComponent("warden.toml")
        try """
        [redis]
        url = "\(redisURL)"
        [binance]
        base_url = "http://127.0.0.1:\(deadExchange)"
        [health]
        listen = "127.0.0.1:\(healthPort)"
        [state]
        dir = "\(directory.path)"
        """.write(to: config, atomically: true, encoding: .utf8)
    }
}
