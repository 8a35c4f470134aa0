/// The HTTP request that delivers one notification to one route: always a JSON `POST`.
///
/// Built at send time, so a notification that waited in the outbox carries fresh timing
/// (Alertmanager `endsAt`) and no secret is ever stored with it.
public struct WebhookRequest: Sendable, Hashable {
    /// The target URL. A secret: log the route name, never this.
    public var url: String
    /// Compact JSON.
    public var body: String

    public static let contentType = "application/json"

    /// - Parameters:
    ///   - source: this host's name (the `instance` label, PagerDuty `source`).
    ///   - generatorURL: where a person can look (Warden's `/health`).
    public init(route: AlertRoute, notification n: AlertNotification, source: String, generatorURL: String, now: WallTime) {
        let a = n.alert
        switch route.kind {
        case .webhook:
            url = route.url.value
            body = WebhookPayload.alertmanagerWebhook(a, receiver: route.name, source: source, generatorURL: generatorURL,
                                                      extraLabels: n.extraLabels).jsonText
        case .alertmanager:
            url = Self.alertsEndpoint(route.url.value)
            // Like Prometheus: valid for four re-send periods, so one lost push does not close it.
            let expiry = route.repeatInterval > .zero ? now + route.repeatInterval * 4 : nil
            body = WebhookPayload.alertmanagerAPI(a, source: source, generatorURL: generatorURL, expiresAt: expiry,
                                                  extraLabels: n.extraLabels).jsonText
        case .pagerduty:
            url = route.url.value
            body = WebhookPayload.pagerDuty(a, routingKey: route.routingKey?.value ?? "", source: source,
                                            extraLabels: n.extraLabels).jsonText
        case .slack:
            url = route.url.value
            body = WebhookPayload.slack(a, source: source, isRepeat: n.isRepeat, isTest: n.isTest).jsonText
        }
    }

    /// `<base>/api/v2/alerts`, unless the configured URL already ends there.
    public static func alertsEndpoint(_ base: String) -> String {
        var base = Substring(base)
        while base.hasSuffix("/") { base.removeLast() }
        return base.hasSuffix("/api/v2/alerts") ? String(base) : base + "/api/v2/alerts"
    }
}
