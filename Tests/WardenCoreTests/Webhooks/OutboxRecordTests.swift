import Testing
import WardenCore

struct OutboxRecordTests {
    static let start = WallTime(milliseconds: 1_800_000_000_123)

    static var samples: [OutboxRecord] {
        let firing = Alert(key: AlertKey(.exitPathBroken, "BTCUSDT"), severity: .critical,
                           summary: "close intent \"x\" unconfirmed\nfor 20 s — ⚠", state: .firing, startsAt: start)
        var resolved = firing
        resolved.state = .resolved
        resolved.endsAt = start + .seconds(90)
        return [
            OutboxRecord(AlertNotification(firing), enqueuedAt: start),
            OutboxRecord(AlertNotification(firing, isRepeat: true), enqueuedAt: start + .seconds(3600)),
            OutboxRecord(AlertNotification(resolved, extraLabels: ["test": "true"]), enqueuedAt: start + .seconds(90)),
        ]
    }

    @Test(arguments: samples)
    func roundTripsThroughItsBytes(record: OutboxRecord) {
        #expect(OutboxRecord.parse(record.bytes) == record)
    }

    @Test(arguments: [
        "", "{}", "not json", #"{"v":2,"alert":{}}"#,
        #"{"v":1,"enqueued_at_ms":1,"repeat":false,"labels":{},"alert":{"name":"NoSuchAlert","subject":"s","severity":"warning","summary":"","state":"firing","starts_at_ms":1}}"#,
        #"{"v":1,"enqueued_at_ms":1,"repeat":false,"labels":{},"alert":{"name":"ConsumerLag","subject":"s","severity":"loud","summary":"","state":"firing","starts_at_ms":1}}"#,
        #"{"v":1,"enqueued_at_ms":1.5,"repeat":false,"labels":{},"alert":{"name":"ConsumerLag","subject":"s","severity":"warning","summary":"","state":"firing","starts_at_ms":1}}"#,
    ])
    func rejectsWhatIsNotARecord(text: String) {
        #expect(OutboxRecord.parse(Array(text.utf8)) == nil)
    }

    @Test
    func storesNoSecrets() {
        // The record holds the alert only: URLs and routing keys are added when the request is built.
        let text = Self.samples[0].json.jsonText
        #expect(!text.contains("url") && !text.contains("routing_key"))
    }
}
