import Blocking
import Foundation
import InMemoryLogging
import Logging
import Synchronization
import WardenCore
import WardenServices
import WardenTestSupport

/// A temporary state directory, captured logs and a progress board for alert-delivery tests.
final class AlertFixture: Sendable {
    static let t0 = WallTime(milliseconds: 1_800_000_000_000)
    let directory: String
    let logs = InMemoryLogHandler()
    let progress = ProgressBoard()

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-alerts-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    var logger: Logger {
        let handler = logs
        var logger = Logger(label: "test") { _ in handler }
        logger.logLevel = .debug
        return logger
    }

    /// A dispatcher on this fixture's state directory (or `stateDirectory`), with quick back-offs.
    func dispatcher(_ routes: [AlertRoute], capacity: Int = 10_000, stateDirectory: String? = nil, tick: Duration = .seconds(1),
                    backoff: @escaping @Sendable (Int) -> Duration = { _ in .milliseconds(100) }) -> AlertDispatcher {
        AlertDispatcher(routes: routes, stateDirectory: stateDirectory ?? directory,
                        settings: .init(source: "test-host", generatorURL: "http://127.0.0.1:8007/health", outboxCapacity: capacity,
                                        tickInterval: tick, backoff: backoff),
                        progress: progress, logger: logger)
    }

    static func route(_ name: String, _ kind: AlertRoute.Kind, _ url: String, routingKey: String? = nil,
                      minSeverity: Severity = .warning, repeatInterval: Duration? = nil, timeout: Duration = .seconds(2)) -> AlertRoute {
        AlertRoute(name: name, kind: kind, url: Secret(url, source: "test"), routingKey: routingKey.map { Secret($0, source: "test") },
                   minSeverity: minSeverity, repeatInterval: repeatInterval, timeout: timeout)
    }

    static func alert(_ name: AlertName = .consumerLag, subject: String = "BTCUSDT", severity: Severity = .warning,
                      at: WallTime = t0) -> Alert {
        Alert(key: AlertKey(name, subject), severity: severity, summary: "lag 67448", state: .firing, startsAt: at)
    }

    static func resolved(_ a: Alert, after: Duration, at: WallTime? = nil) -> Alert {
        var r = a
        r.state = .resolved
        r.endsAt = at ?? a.startsAt + after
        return r
    }

    static func now() -> WallTime { WallTime(milliseconds: SystemTime.milliseconds()) }

    func events(_ name: String) -> [InMemoryLogHandler.Entry] {
        logs.entries.filter { $0.metadata["warden.event"] == .string(name) }
    }

    /// The queued files of `route`'s outbox, in name order.
    func outboxFiles(_ route: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: "\(directory)/outbox/\(route)").filter { $0.hasSuffix(".json") }.sorted()
    }
}

/// A real HTTP receiver that answers 200 (or a scripted status, or not at all) and keeps what it accepted.
final class AlertReceiver: Sendable {
    /// One notification as seen by a `webhook` receiver: whose fingerprint, in which state.
    struct Event: Sendable, Equatable {
        let fingerprint: String
        let state: String
        init(_ fingerprint: String, _ state: String) { (self.fingerprint, self.state) = (fingerprint, state) }
    }

    enum Mode: Sendable { case answer, close, hang }

    struct State {
        var accepted: [TestHTTPServer.Request] = []
        var acceptedAt: [ContinuousClock.Instant] = []
        var script: [Int] = []
        var status: Int
        var mode = Mode.answer
    }

    /// What the server's threads share with the test.
    final class Box: Sendable {
        let state: Mutex<State>
        init(status: Int) { state = Mutex(State(status: status)) }

        func respond(_ request: TestHTTPServer.Request) -> TestHTTPServer.Response {
            state.withLock { s in
                switch s.mode {
                case .close: return .close
                case .hang: return .hang
                case .answer:
                    let status = s.script.isEmpty ? s.status : s.script.removeFirst()
                    if (200..<300).contains(status) { s.accepted.append(request); s.acceptedAt.append(.now) }
                    return TestHTTPServer.Response(status: status, text: "{}")
                }
            }
        }
    }

    let server: TestHTTPServer
    private let box: Box

    init(status: Int = 200) throws {
        let box = Box(status: status)
        self.box = box
        server = try TestHTTPServer { box.respond($0) }
    }

    /// The next answers, before falling back to the fixed status.
    func script(_ statuses: [Int]) { box.state.withLock { $0.script = statuses } }
    func set(_ mode: Mode) { box.state.withLock { $0.mode = mode } }

    var accepted: [TestHTTPServer.Request] { box.state.withLock { $0.accepted } }
    var acceptedAt: [ContinuousClock.Instant] { box.state.withLock { $0.acceptedAt } }
    var bodies: [JSONValue] { accepted.compactMap { JSONValue.parse($0.body) } }

    /// Accepted webhook (Alertmanager v4) notifications, in arrival order.
    var events: [Event] {
        bodies.compactMap { b in
            guard let f = b["alerts"]?.firstElement?["fingerprint"]?.stringValue, let s = b["status"]?.stringValue else { return nil }
            return Event(f, s)
        }
    }
}

extension JSONValue {
    /// The first element of an array (tests only).
    var firstElement: JSONValue? {
        if case .array(let items) = self { return items.first }
        return nil
    }
}
