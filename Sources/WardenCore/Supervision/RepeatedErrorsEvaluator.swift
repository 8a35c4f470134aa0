/// RepeatedErrors: the same error signature seen `threshold` times within `window` fires; it
/// stays bad until `quiet` passes without that signature, then resolves.
///
/// Inputs are error messages from Warden itself, from the journal of watched units and from
/// execution results with an error status. Memory is bounded: at most `maxSignatures`
/// signatures (the least recently seen are dropped first), each counted in time buckets.
/// Signatures that are neither bad nor resolving are left out of ``evaluate(now:unreadable:)``:
/// the tracker counts a missing key as `ok`.
public struct RepeatedErrorsEvaluator: Sendable {
    /// Where a message came from.
    public enum Source: String, Sendable, Hashable, CaseIterable {
        case warden
        case journal
        case execution
    }

    public struct Rules: Sendable, Hashable {
        public var threshold: Int
        public var window: Duration
        public var quiet: Duration
        public var maxSignatures: Int
        public var severity: Severity

        public init(threshold: Int = 20, window: Duration = .seconds(300), quiet: Duration = .seconds(300),
                    maxSignatures: Int = 500, severity: Severity = .critical) {
            self.threshold = threshold
            self.window = window
            self.quiet = quiet
            self.maxSignatures = maxSignatures
            self.severity = severity
        }
    }

    /// Longest alert subject; longer signatures are cut and end in a short hash.
    public static let maxSubjectLength = 120

    public let rules: Rules
    private(set) var signatures: [String: SignatureCount] = [:]

    public init(rules: Rules = Rules()) {
        precondition(rules.threshold > 0 && rules.maxSignatures > 0 && rules.window > .zero, "invalid rules")
        self.rules = rules
    }

    /// How many distinct signatures are held now.
    public var signatureCount: Int { signatures.count }

    /// Counts one error message seen at `time`.
    public mutating func record(message: String, source: Source, at time: WallTime) {
        let signature = ErrorSignature.normalize(message)
        guard !signature.isEmpty else { return }
        if signatures[signature] == nil, signatures.count >= rules.maxSignatures { evictLeastRecent() }
        signatures[signature, default: SignatureCount()].add(
            message: message, source: source, at: time, bucketWidth: bucketWidth, window: rules.window)
    }

    /// One observation per signature that is bad, or that just resolved.
    /// - Parameter unreadable: sources that could not be read since the last evaluation, with why:
    ///   a signature from such a source is `unknown` rather than resolved, as quiet proves nothing.
    public mutating func evaluate(now: WallTime, unreadable: [Source: String] = [:]) -> [Observation] {
        var out: [Observation] = []
        for signature in signatures.keys.sorted() {
            guard var entry = signatures[signature] else { continue }
            entry.prune(before: now - rules.window, bucketWidth: bucketWidth)
            let count = entry.count(within: rules.window, now: now, bucketWidth: bucketWidth)
            let key = AlertKey(.repeatedErrors, Self.subject(signature))
            let quietFor = now.since(entry.lastSeen)
            if count >= rules.threshold {
                entry.active = true
                out.append(Observation(key, .bad(summary: summary(signature, entry, count: count), severity: rules.severity)))
            } else if entry.active, quietFor < rules.quiet {
                let line = summary(signature, entry, count: count)
                    + "; last seen \(SummaryText.duration(quietFor)) ago, resolves after \(SummaryText.duration(rules.quiet)) quiet"
                out.append(Observation(key, .bad(summary: line, severity: rules.severity)))
            } else if entry.active, let reason = entry.sources.lazy.compactMap({ unreadable[$0] }).first {
                out.append(Observation(key, .unknown(reason: reason)))
            } else if entry.active {
                entry.active = false
                out.append(Observation(key, .ok))
            }
            signatures[signature] = entry.active || !entry.buckets.isEmpty ? entry : nil
        }
        return out
    }

    /// The alert subject of a signature: itself, or cut with a hash when longer than the limit.
    public static func subject(_ signature: String) -> String {
        guard signature.count > maxSubjectLength else { return signature }
        return signature.prefix(maxSubjectLength - 9) + "~" + SummaryText.shortHash(signature)
    }

    /// Buckets are a sixtieth of the window (at least a second): counts are exact to one bucket.
    var bucketWidth: Int64 { max(1000, rules.window.wholeMilliseconds / 60) }

    func summary(_ signature: String, _ entry: SignatureCount, count: Int) -> String {
        let sources = Source.allCases.filter(entry.sources.contains).map(\.rawValue).joined(separator: "+")
        return "error seen \(count) time\(count == 1 ? "" : "s") in \(SummaryText.duration(rules.window)) (\(sources)): "
            + "\(SummaryText.oneLine(entry.sample, limit: 160)) [signature: \(SummaryText.oneLine(signature, limit: 80))]"
    }

    /// Drops a tenth of the capacity at once, least recently seen first, sparing active signatures
    /// while others remain: one sort per many insertions keeps a flood of new signatures cheap.
    mutating func evictLeastRecent() {
        let drop = max(1, rules.maxSignatures / 10)
        let order = signatures.map { (signature: $0.key, active: $0.value.active, lastSeen: $0.value.lastSeen) }
            .sorted { a, b in a.active != b.active ? !a.active : a.lastSeen < b.lastSeen }
        for (signature, _, _) in order.prefix(signatures.count - rules.maxSignatures + drop) {
            signatures[signature] = nil
        }
    }
}
