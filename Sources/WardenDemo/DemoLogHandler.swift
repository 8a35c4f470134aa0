import Logging

/// Puts Warden's own events on the timeline: positions tracked and closed, close intents and
/// re-sends, the exit path breaking, the failsafe's emergency actions, and any warning or error.
/// With `verbose`, every record at info or above is shown too.
struct DemoLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .debug
    let timeline: Timeline
    let verbose: Bool

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
        if let own = event.metadata { all.merge(own) { _, new in new } }
        func text(_ key: String) -> String {
            guard let value = all[key] else { return "" }
            if case .string(let s) = value { return s }
            return value.description
        }
        let symbol = text("symbol")
        switch text("warden.event") {
        case "POSITION_TRACKED":
            timeline.note("tracked", symbol, "\(text("side")) take-profit \(text("take_profit")), stop-loss \(text("stop_loss"))")
        case "EXIT_SENT":
            timeline.note("close intent", symbol, price: text("price"),
                          "\(text("exit_reason")) → trade.intent: quantity \(text("quantity")), intent \(text("intent_id"))")
        case "EXIT_RESENT":
            timeline.note("intent re-sent", symbol, "not confirmed in time; re-sent once as \(text("intent_id"))")
        case "EXIT_PATH_BROKEN":
            timeline.note("exit broken", symbol, "still open after the re-sent intent: escalating to the failsafe")
        case "EMERGENCY_CLOSE":
            // The audit line of each order repeats what the notice and the exchange's line say.
            if all["client_order_id"] == nil { timeline.note("failsafe", symbol, event.message.description) }
        case "ALERT_FIRING", "ALERT_RESOLVED":
            break  // the receiver's lines show each one arriving
        case "POSITION_CLOSED":
            timeline.note("book", symbol, "position left the book (\(text("why")))")
        default:
            if event.level >= .warning {
                timeline.note("warden \(event.level)", symbol, event.message.description)
            } else if verbose && event.level >= .info {
                timeline.note("warden log", symbol, event.message.description)
            }
        }
    }
}
