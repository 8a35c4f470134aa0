/// How often one error signature was seen: counts per time bucket over the window, the last
/// message as a sample, the sources, and whether the signature is bad (until its quiet window).
struct SignatureCount: Sendable {
    struct Bucket: Sendable, Hashable {
        /// `time / bucketWidth`.
        var index: Int64
        var count: Int
    }

    /// Ascending by index; only buckets that may still fall in the window.
    var buckets: [Bucket] = []
    var sample = ""
    var sources: Set<RepeatedErrorsEvaluator.Source> = []
    var lastSeen = WallTime(milliseconds: .min)
    var active = false

    /// Longest sample message kept.
    static let sampleLimit = 400

    mutating func add(message: String, source: RepeatedErrorsEvaluator.Source, at time: WallTime, bucketWidth: Int64, window: Duration) {
        if time >= lastSeen {
            lastSeen = time
            sample = String(message.prefix(Self.sampleLimit))
        }
        sources.insert(source)
        let index = Self.floorDiv(time.milliseconds, bucketWidth)
        if let last = buckets.last, last.index == index {
            buckets[buckets.count - 1].count += 1
        } else if buckets.last.map({ $0.index < index }) ?? true {
            buckets.append(Bucket(index: index, count: 1))
        } else if let i = buckets.firstIndex(where: { $0.index >= index }) {
            if buckets[i].index == index { buckets[i].count += 1 } else { buckets.insert(Bucket(index: index, count: 1), at: i) }
        }
        prune(before: lastSeen - window, bucketWidth: bucketWidth)
    }

    /// Drops buckets that end at or before `start`.
    mutating func prune(before start: WallTime, bucketWidth: Int64) {
        let firstKept = buckets.firstIndex { ($0.index + 1) * bucketWidth > start.milliseconds } ?? buckets.count
        if firstKept > 0 { buckets.removeFirst(firstKept) }
    }

    /// Messages in buckets that overlap (now − window, now].
    func count(within window: Duration, now: WallTime, bucketWidth: Int64) -> Int {
        let start = (now - window).milliseconds
        return buckets.reduce(0) { sum, b in
            (b.index + 1) * bucketWidth > start && b.index * bucketWidth <= now.milliseconds ? sum + b.count : sum
        }
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }
}
