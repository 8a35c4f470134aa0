extension JournalReader {
    /// Why the journal could not be read. Log `.unavailable` once as a warning and skip the source.
    public enum Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
        /// No journal can be opened or no journal file is readable (no journald, no permission).
        case unavailable(String)
        /// A libsystemd call failed.
        case call(Systemd.Error)

        /// Metric-safe reason: `journal_unavailable`, or `Systemd.Error.reason`.
        public var reason: String {
            switch self {
            case .unavailable: "journal_unavailable"
            case .call(let error): error.reason
            }
        }

        public var description: String {
            switch self {
            case .unavailable(let why): "journal unavailable: \(why)"
            case .call(let error): "\(error)"
            }
        }
    }
}
