import Blocking
import Glibc
import Synchronization

/// The demo's timeline: one line per event as it happens — wall time, time since the start,
/// what happened, the symbol, the price and the details — written to stdout at once.
/// It also keeps every event so the summary can check what did (and did not) happen.
final class Timeline: Sendable {
    struct Event: Sendable {
        var atMs: Int64
        var kind: String
        var symbol: String
        var price: String
        var detail: String
    }

    let startMs: Int64
    private let events = Mutex<[Event]>([])
    private let output: Int32

    init(output: Int32 = 1) {
        self.startMs = SystemTime.milliseconds()
        self.output = output
    }

    static let header = pad("TIME", 12) + "  " + pad("T+", 7) + "  " + pad("EVENT", 15) + " " + pad("SYMBOL", 9) + " "
        + pad("PRICE", 10) + " DETAIL"

    func printHeader() {
        write(Self.header + "\n")
    }

    func note(_ kind: String, _ detail: String) {
        note(kind, "", detail)
    }

    func note(_ kind: String, _ symbol: String, price: String = "", _ detail: String) {
        let event = Event(atMs: SystemTime.milliseconds(), kind: kind, symbol: symbol, price: price, detail: detail)
        events.withLock { $0.append(event) }
        write(line(event) + "\n")
    }

    /// Plain text for the summary and messages outside the table.
    func say(_ text: String) {
        write(text + "\n")
    }

    var all: [Event] { events.withLock { $0 } }

    func line(_ e: Event) -> String {
        let elapsed = Double(e.atMs - startMs) / 1000
        return Self.pad(Self.clock(e.atMs), 12) + "  " + Self.pad("+" + Self.oneDecimal(elapsed) + "s", 7) + "  "
            + Self.pad(e.kind, 15) + " " + Self.pad(e.symbol.isEmpty ? "-" : e.symbol, 9) + " "
            + Self.pad(e.price.isEmpty ? "-" : e.price, 10) + " " + e.detail
    }

    private func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(output, base + offset, bytes.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// `HH:MM:SS.mmm` in UTC.
    static func clock(_ ms: Int64) -> String {
        let inDay = ((ms % 86_400_000) + 86_400_000) % 86_400_000
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let millis = inDay % 1000
        let m3 = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(two(inDay / 3_600_000)):\(two(inDay / 60_000 % 60)):\(two(inDay / 1000 % 60)).\(m3)"
    }

    static func oneDecimal(_ d: Double) -> String {
        let tenths = Int64((d * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    static func pad(_ s: String, _ width: Int) -> String {
        let n = s.count
        return n >= width ? s : s + String(repeating: " ", count: width - n)
    }
}
