import Logging
import Testing
@testable import WardenServices

/// Which of Warden's own log records reach the RepeatedErrors supervisor.
struct ErrorFeedTests {
    struct Discard: LogHandler {
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {}
    }

    @Test
    func errorsAreCapturedButAlertAnnouncementsAndLowerLevelsAreNot() {
        let feed = ErrorFeed()
        let logger = Logger(label: "warden") { _ in feed.handler(wrapping: Discard()) }
        logger.error("redis unreachable", metadata: ["warden.event": "OUTAGE"])
        logger.critical("internal inconsistency")
        logger.error("alert firing: PriceStale[BTCUSDT]: no fresh price", metadata: ["warden.event": "ALERT_FIRING"])
        logger.warning("alert firing: ConsumerLag[g]: lag 5000", metadata: ["warden.event": "ALERT_FIRING"])
        logger.warning("slow")
        #expect(feed.drain().map(\.message) == ["redis unreachable", "internal inconsistency"])
    }
}
