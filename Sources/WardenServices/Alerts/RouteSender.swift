public import HTTP
public import WardenCore

/// Sends one notification to one route in one attempt and says how it ended. Used by the
/// delivery loops and by `warden alert-test`. The route's own ``HTTPClient`` runs curl on its
/// own thread, bounded by the route's timeout.
public struct RouteSender: Sendable {
    public let route: AlertRoute
    let client: HTTPClient
    let source: String
    let generatorURL: String

    public init(route: AlertRoute, client: HTTPClient, source: String, generatorURL: String) {
        self.route = route
        self.client = client
        self.source = source
        self.generatorURL = generatorURL
    }

    /// One attempt: the HTTP status, or the transport's metric-safe reason. Never throws, never logs the URL.
    public func send(_ notification: AlertNotification, now: WallTime) async -> DeliveryOutcome {
        let built = WebhookRequest(route: route, notification: notification, source: source, generatorURL: generatorURL, now: now)
        let request = HTTPRequest(
            method: .post, url: built.url,
            headers: [HTTPHeader("Content-Type", WebhookRequest.contentType), HTTPHeader("User-Agent", "warden")],
            body: Array(built.body.utf8), totalTimeout: route.timeout, connectTimeout: min(route.timeout, .seconds(5)),
            maxResponseBytes: 1 << 20)
        do {
            return .status(try await client.send(request).status)
        } catch {
            return .transport(error.reason)
        }
    }
}
