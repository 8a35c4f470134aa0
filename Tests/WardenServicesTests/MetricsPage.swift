/// A scraped `/metrics` page, read one sample at a time.
struct MetricsPage: CustomStringConvertible {
    let text: String

    init(_ bytes: [UInt8]) { text = String(decoding: bytes, as: UTF8.self) }

    /// The value of the sample written exactly as `series` (`name{label="value",…}`), if present.
    func value(_ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    /// Whether any sample of `name` (any labels) is on the page.
    func has(_ name: String) -> Bool {
        text.split(separator: "\n").contains { $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ") }
    }

    var description: String { text }
}
