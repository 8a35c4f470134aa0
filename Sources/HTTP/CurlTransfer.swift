/// What curl's C callbacks collect during one transfer; they reach it through `Unmanaged`.
final class CurlTransfer {
    let limit: Int
    private(set) var headers: [HTTPHeader] = []
    private(set) var body: [UInt8] = []
    /// Set when the write callback refused data past `limit` (curl then reports CURLE_WRITE_ERROR).
    private(set) var exceededLimit = false

    init(limit: Int) {
        self.limit = limit
    }

    /// The pointer passed as `CURLOPT_WRITEDATA`/`CURLOPT_HEADERDATA`; valid while `self` is alive.
    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// `CURLOPT_WRITEFUNCTION`: appends body bytes, or returns 0 (abort) past the size cap.
    static let onBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        guard transfer.body.count + length <= transfer.limit else {
            transfer.exceededLimit = true
            return 0
        }
        transfer.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
        return length
    }

    /// `CURLOPT_HEADERFUNCTION`: one complete header line per call, status lines included.
    static let onHeader: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
        transfer.receive(headerLine: line)
        return length
    }

    /// A status line starts a new header block (after a 1xx), so only the final block is kept.
    private func receive(headerLine line: String) {
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingWhitespace()
        let value = line[line.index(after: colon)...].trimmingWhitespace()
        if !name.isEmpty { headers.append(HTTPHeader(name, value)) }
    }
}

@available(*, unavailable)
extension CurlTransfer: Sendable {}

extension Substring {
    /// Without leading and trailing spaces, tabs, CR and LF.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        return String(self.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
