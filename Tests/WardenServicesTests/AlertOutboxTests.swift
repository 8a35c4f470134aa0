import Foundation
import Testing
import WardenCore
import WardenServices
import WardenTestSupport

/// The durable outbox: what is queued survives a restart, is bounded, and never depends on the disk alone.
@Suite(.timeLimit(.minutes(1)))
struct AlertOutboxTests {
    @Test
    func queuedWhileTheReceiverIsDownIsDeliveredAfterARestartInOrderOnce() async throws {
        let f = try AlertFixture()
        let down = "http://127.0.0.1:\(try TestHTTPServer.unusedPort())/"
        let a = AlertFixture.alert(subject: "A"), b = AlertFixture.alert(subject: "B", at: AlertFixture.t0 + .seconds(1))
        let first = f.dispatcher([AlertFixture.route("r", .webhook, down)])
        try await running(first.services) {
            await first.handle([.fire(a), .fire(b)], now: AlertFixture.t0 + .seconds(1))
            await first.handle([.resolve(AlertFixture.resolved(a, after: .seconds(9)))], now: AlertFixture.t0 + .seconds(10))
            #expect(await eventually { first.health()[0].failedAttempts >= 2 })
        }
        #expect(first.health()[0].delivered == 0 && first.health()[0].queued == 3)
        let files = try f.outboxFiles("r")
        #expect(files == [1, 2, 3].map { String(repeating: "0", count: 19) + "\($0).json" }, "\(files)")

        // Warden starts again with the same state directory; the receiver is back.
        let receiver = try AlertReceiver()
        let second = f.dispatcher([AlertFixture.route("r", .webhook, receiver.server.url("/"))])
        try await running(second.services) {
            #expect(await eventually { receiver.accepted.count == 3 })
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(receiver.events == [.init(a.fingerprint, "firing"), .init(b.fingerprint, "firing"), .init(a.fingerprint, "resolved")])
        #expect(second.health()[0].queued == 0 && second.health()[0].delivered == 3)
        #expect(try f.outboxFiles("r").isEmpty)
        #expect(f.events("ALERT_OUTBOX_RESTORED").count == 1)
    }

    @Test
    func aResolveOwedAcrossARestartStillReachesTheReceiverOnce() async throws {
        let f = try AlertFixture()
        let receiver = try AlertReceiver()
        let route = AlertFixture.route("r", .webhook, receiver.server.url("/"))
        let a = AlertFixture.alert()
        let first = f.dispatcher([route])
        try await running(first.services) {
            await first.handle([.fire(a)], now: AlertFixture.t0)
            #expect(await eventually { receiver.accepted.count == 1 })
        }
        #expect(FileManager.default.fileExists(atPath: f.directory + "/alerts-firing.json"))
        // Warden restarts; the condition cleared meanwhile.
        let second = f.dispatcher([route])
        #expect(await second.restoredFiring() == [a])
        #expect(f.events("ALERT_STATE_RESTORED").count == 1)
        try await running(second.services) {
            await second.handle([.resolve(AlertFixture.resolved(a, after: .seconds(60)))], now: AlertFixture.t0 + .seconds(60))
            #expect(await eventually { receiver.accepted.count == 2 })
        }
        #expect(receiver.events == [.init(a.fingerprint, "firing"), .init(a.fingerprint, "resolved")])
        let third = f.dispatcher([route])
        #expect(await third.restoredFiring().isEmpty, "resolved: nothing left to restore")
    }

    @Test
    func aDamagedAlertStateFileIsSetAsideAndDeliveryGoesOn() async throws {
        let f = try AlertFixture()
        try Data("{\"v\":1,\"alerts\":".utf8).write(to: URL(fileURLWithPath: f.directory + "/alerts-firing.json"))
        let receiver = try AlertReceiver()
        let dispatcher = f.dispatcher([AlertFixture.route("r", .webhook, receiver.server.url("/"))])
        #expect(await dispatcher.restoredFiring().isEmpty)
        #expect(f.events("ALERT_STATE_DAMAGED").count == 1)
        #expect(FileManager.default.fileExists(atPath: f.directory + "/alerts-firing.json.bad"))
        try await running(dispatcher.services) {
            await dispatcher.handle([.fire(AlertFixture.alert())], now: AlertFixture.t0)
            #expect(await eventually { receiver.accepted.count == 1 })
        }
        #expect(FileManager.default.fileExists(atPath: f.directory + "/alerts-firing.json"), "a fresh file is written")
    }

    @Test
    func fullOutboxDropsTheOldestAndCountsIt() async throws {
        let f = try AlertFixture()
        let receiver = try AlertReceiver()
        let dispatcher = f.dispatcher([AlertFixture.route("r", .webhook, receiver.server.url("/"))], capacity: 3)
        let alerts = (1...5).map { AlertFixture.alert(subject: "S\($0)", at: AlertFixture.t0 + .seconds($0)) }
        await dispatcher.handle(alerts.map { .fire($0) }, now: AlertFixture.t0 + .seconds(5))
        #expect(dispatcher.health()[0].queued == 3 && dispatcher.health()[0].dropped == 2)
        #expect(try f.outboxFiles("r").count == 3)
        #expect(f.events("ALERT_DROPPED").count == 2)
        try await running(dispatcher.services) {
            #expect(await eventually { receiver.accepted.count == 3 })
        }
        #expect(receiver.events.map(\.fingerprint) == alerts.suffix(3).map(\.fingerprint), "the newest are kept")
    }

    @Test
    func unwritableStateDirectoryStillDeliversFromMemory() async throws {
        let f = try AlertFixture()
        let file = f.directory + "/not-a-directory"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        let receiver = try AlertReceiver()
        let dispatcher = f.dispatcher([AlertFixture.route("r", .slack, receiver.server.url("/"))], stateDirectory: file)
        try await running(dispatcher.services) {
            await dispatcher.handle([.fire(AlertFixture.alert())], now: AlertFixture.t0)
            #expect(await eventually { receiver.accepted.count == 1 })
        }
        #expect(dispatcher.health()[0].outboxErrors >= 1 && dispatcher.health()[0].delivered == 1)
        #expect(f.events("ALERT_OUTBOX_FAILED").count == 1)
    }

    @Test
    func damagedAndHalfWrittenFilesAreSetAside() async throws {
        let f = try AlertFixture()
        let dir = f.directory + "/outbox/r"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let good = OutboxRecord(AlertNotification(AlertFixture.alert(subject: "GOOD")), enqueuedAt: AlertFixture.t0)
        try Data(good.bytes).write(to: URL(fileURLWithPath: dir + "/00000000000000000007.json"))
        try Data("{\"v\":1,".utf8).write(to: URL(fileURLWithPath: dir + "/00000000000000000005.json"))
        try Data("partial".utf8).write(to: URL(fileURLWithPath: dir + "/00000000000000000009.json.tmp"))
        let receiver = try AlertReceiver()
        let dispatcher = f.dispatcher([AlertFixture.route("r", .webhook, receiver.server.url("/"))])
        await dispatcher.handle([.fire(AlertFixture.alert(subject: "NEW"))], now: AlertFixture.t0)
        #expect(try f.outboxFiles("r") == ["00000000000000000007.json", "00000000000000000008.json"])
        try await running(dispatcher.services) {
            #expect(await eventually { receiver.accepted.count == 2 })
        }
        #expect(receiver.events.map(\.fingerprint) == [good.notification.alert.fingerprint, AlertFixture.alert(subject: "NEW").fingerprint])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["00000000000000000005.json.bad"])
    }
}
