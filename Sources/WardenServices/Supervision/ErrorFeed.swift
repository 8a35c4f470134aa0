import Blocking
public import Logging
import Synchronization
public import WardenCore

/// Error messages waiting for the RepeatedErrors supervisor: Warden's own error logs (through
/// ``ErrorFeed/handler(wrapping:)``), error-status execution results and watched units' journals.
/// Bounded: past `capacity` the oldest are dropped (and counted).
public final class ErrorFeed: Sendable {
    struct Item: Sendable {
        var message: String
        var source: RepeatedErrorsEvaluator.Source
        var at: WallTime
    }

    let items = Mutex<[Item]>([])
    let dropped = Mutex(0)
    let capacity: Int

    public init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    public func push(_ message: String, source: RepeatedErrorsEvaluator.Source, at: WallTime) {
        items.withLock { list in
            if list.count >= capacity {
                list.removeFirst(list.count - capacity + 1)
                dropped.withLock { $0 += 1 }
            }
            list.append(Item(message: String(message.prefix(2000)), source: source, at: at))
        }
    }

    /// Everything pushed since the last drain.
    func drain() -> [Item] {
        items.withLock { list in
            defer { list.removeAll(keepingCapacity: true) }
            return list
        }
    }

    /// A log handler that passes everything to `inner` and copies error-level messages here.
    public func handler(wrapping inner: any LogHandler) -> any LogHandler {
        ErrorCapturingLogHandler(inner: inner, feed: self)
    }
}

/// Forwards to another handler; error and critical messages also go to the feed, except Warden's
/// own alert announcements (`warden.event` `ALERT_FIRING` or `ALERT_FIRING_MORE`): an alert is
/// already an alert, and a storm of them (a price feed down for thousands of symbols) must not
/// page a second time as RepeatedErrors, nor cost a pattern normalisation per alert.
struct ErrorCapturingLogHandler: LogHandler {
    var inner: any LogHandler
    let feed: ErrorFeed

    var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    static let alertAnnouncements: Set<String> = ["ALERT_FIRING", "ALERT_FIRING_MORE"]

    func log(event: LogEvent) {
        inner.log(event: event)
        if event.level >= .error, !Self.alertAnnouncements.contains("\(event.metadata?["warden.event"] ?? "")") {
            feed.push("\(event.message)", source: .warden, at: WallTime(milliseconds: SystemTime.milliseconds()))
        }
    }
}
