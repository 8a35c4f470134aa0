import Testing
import WardenCore
import WardenServices

/// State copied onto gauges at scrape time: consumer groups, alerts, supervisors, outboxes, health.
struct MetricsSnapshotTests {
    static let execution = ConsumerGroupID(stream: "quantum:stream:trade.execution.res", group: "exit_monitor_group")
    static let lag = #"warden_consumer_lag_entries{stream="quantum:stream:trade.execution.res",group="exit_monitor_group"}"#
    static let pending = #"warden_consumer_pending_entries{stream="quantum:stream:trade.execution.res",group="exit_monitor_group"}"#

    func sample(lag: Int?, pending: Int, exists: Bool = true) -> ConsumerGroupSample {
        exists ? ConsumerGroupSample(lag: lag, entriesRead: nil, lastDeliveredID: "1-0", pending: pending, lastGeneratedID: "2-0",
                                     entriesAdded: nil, consumers: [])
            : .missing
    }

    @Test
    func consumerGroupLagAndPendingFollowTheLastSampleAndVanishWhenUnknown() {
        let metrics = WardenMetrics()
        var page = MetricsPage(metrics.page(MetricsSnapshot(consumerGroups: [Self.execution: sample(lag: 67_448, pending: 12)])))
        #expect(page.value(Self.lag) == 67_448)
        #expect(page.value(Self.pending) == 12)
        // Redis cannot tell the lag (entries deleted): no lag series rather than a made-up 0.
        page = MetricsPage(metrics.page(MetricsSnapshot(consumerGroups: [Self.execution: sample(lag: nil, pending: 3)])))
        #expect(page.value(Self.lag) == nil)
        #expect(page.value(Self.pending) == 3)
        page = MetricsPage(metrics.page(MetricsSnapshot(consumerGroups: [Self.execution: sample(lag: 0, pending: 0)])))
        #expect(page.value(Self.lag) == 0)
        page = MetricsPage(metrics.page(MetricsSnapshot(consumerGroups: [Self.execution: sample(lag: nil, pending: 0, exists: false)])))
        #expect(page.value(Self.lag) == nil)
        #expect(page.value(Self.pending) == nil)
    }

    @Test
    func alertsFiringAreCountedPerNameAndSupervisorStatesKept() {
        let metrics = WardenMetrics()
        var health = HealthReport(status: .degraded, emergencyCloses: 1)
        health.supervisors = ["ConsumerLag": "firing", "SafeModeStuck": "pending"]
        let page = MetricsPage(metrics.page(MetricsSnapshot(health: health, openIncidents: 1, firing: [.consumerLag: 2])))
        #expect(page.value(#"warden_alerts_firing{alert="ConsumerLag"}"#) == 2)
        #expect(page.value(#"warden_alerts_firing{alert="EmergencyClose"}"#) == 0)
        #expect(page.value(#"warden_supervisor_state{alert="ConsumerLag",state="firing"}"#) == 1)
        #expect(page.value(#"warden_supervisor_state{alert="ConsumerLag",state="ok"}"#) == 0)
        #expect(page.value(#"warden_supervisor_state{alert="SafeModeStuck",state="pending"}"#) == 1)
        #expect(page.value(#"warden_health_status{status="degraded"}"#) == 1)
        #expect(page.value(#"warden_health_status{status="healthy"}"#) == 0)
        #expect(page.value("warden_emergency_closes_total") == 1)
        #expect(page.value("warden_emergency_open_incidents") == 1)
    }

    @Test
    func outboxDepthAndDropsPerRoute() {
        let metrics = WardenMetrics()
        var route = RouteHealth(name: "oncall", kind: .webhook)
        route.queued = 4
        route.enqueued = 10
        route.delivered = 6
        route.dropped = 2
        route.oldestQueuedAt = WallTime(milliseconds: 1_000_000)
        route.failing = true
        var page = MetricsPage(metrics.page(MetricsSnapshot(routes: [route], now: WallTime(milliseconds: 1_090_000))))
        #expect(page.value(#"warden_outbox_queued_notifications{route="oncall"}"#) == 4)
        #expect(page.value(#"warden_outbox_oldest_queued_age_seconds{route="oncall"}"#) == 90)
        #expect(page.value(#"warden_outbox_dropped_notifications_total{route="oncall"}"#) == 2)
        #expect(page.value(#"warden_outbox_delivered_notifications_total{route="oncall"}"#) == 6)
        #expect(page.value(#"warden_outbox_route_failing{route="oncall"}"#) == 1)
        route.queued = 0
        route.oldestQueuedAt = nil
        route.dropped = 5
        page = MetricsPage(metrics.page(MetricsSnapshot(routes: [route], now: WallTime(milliseconds: 1_100_000))))
        #expect(page.value(#"warden_outbox_queued_notifications{route="oncall"}"#) == 0)
        #expect(page.value(#"warden_outbox_oldest_queued_age_seconds{route="oncall"}"#) == 0)
        #expect(page.value(#"warden_outbox_dropped_notifications_total{route="oncall"}"#) == 5)
    }

    @Test
    func twoAppsKeepSeparateRegistries() {
        let a = WardenMetrics(), b = WardenMetrics()
        a.redisObserver(.milliseconds(1), "XADD")
        #expect(MetricsPage(a.page(MetricsSnapshot())).value(#"warden_redis_request_duration_seconds_count{command="XADD"}"#) == 1)
        #expect(MetricsPage(b.page(MetricsSnapshot())).value(#"warden_redis_request_duration_seconds_count{command="XADD"}"#) == nil)
    }
}
