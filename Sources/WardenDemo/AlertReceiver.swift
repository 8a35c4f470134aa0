import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization
import WardenCore

/// The demo's on-call end: a local webhook receiver taking Warden's Alertmanager-v4 bodies.
/// Every notification is put on the timeline and kept, so the summary can show that each alert
/// and each resolve arrived.
struct AlertReceiver: Service {
    struct Received: Sendable, Hashable {
        var name: String
        var subject: String
        var state: String
        var severity: String
    }

    final class Inbox: Sendable {
        private let items = Mutex<[Received]>([])
        func add(_ r: Received) { items.withLock { $0.append(r) } }
        var all: [Received] { items.withLock { $0 } }
        func contains(_ name: AlertName, state: String) -> Bool { all.contains { $0.name == name.rawValue && $0.state == state } }
    }

    let inbox: Inbox
    let timeline: Timeline
    let logger: Logger
    let onBound: @Sendable (Int) async -> Void

    func run() async throws {
        let router = Router()
        let inbox = self.inbox, timeline = self.timeline
        router.post("/alerts") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            guard let json = JSONValue.parse(Array(buffer: body)), case .array(let alerts)? = json["alerts"] else {
                timeline.note("receiver", "could not read a notification body (\(body.readableBytes) bytes)")
                return Response(status: .badRequest)
            }
            for alert in alerts {
                let labels = alert["labels"]
                let r = Received(name: labels?["alertname"]?.stringValue ?? "?", subject: labels?["subject"]?.stringValue ?? "",
                                 state: alert["status"]?.stringValue ?? "?", severity: labels?["severity"]?.stringValue ?? "?")
                inbox.add(r)
                let summary = alert["annotations"]?["summary"]?.stringValue ?? ""
                // Subjects that are not symbols (a Redis key, a stream, a unit) go with the details.
                let isSymbol = r.subject.count <= 20 && r.subject.allSatisfy { $0.isUppercase || $0.isNumber }
                timeline.note(r.state == "firing" ? "ALERT firing" : "ALERT resolved", isSymbol ? r.subject : "",
                              "\(r.name) [\(r.severity)]\(isSymbol ? "" : " \(r.subject):") \(summary)")
            }
            return Response(status: .ok)
        }
        let onBound = self.onBound
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "demo-receiver"),
            onServerRunning: { channel in await onBound(channel.localAddress?.port ?? 0) }, logger: logger)
        try await app.run()
    }
}
