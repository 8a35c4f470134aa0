public import Logging

extension LogEvent {
    /// The metadata to record: handler, then provider, then call site (later wins), plus the
    /// event's error as `error.message` / `error.type` (as swift-log's `StreamLogHandler` does).
    func effectiveMetadata(
        handler: Logger.Metadata,
        provider: Logger.MetadataProvider?
    ) -> Logger.Metadata {
        var merged = handler
        if let provided = provider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let explicit = self.metadata {
            merged.merge(explicit) { _, new in new }
        }
        if let error = self.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        return merged
    }
}

extension Logger.Level {
    /// syslog(3) priority for journald's `PRIORITY=` (trace and debug are both 7).
    public var syslogPriority: Int {
        switch self {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
