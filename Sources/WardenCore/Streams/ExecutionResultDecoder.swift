/// Decodes `trade.execution.res` entries in the three formats the pipeline has produced:
/// flat fields; the same keys as JSON in a `data` or `payload` field; and the old form with a
/// nested `signal` JSON object. Anything it cannot trust is rejected with a reason, never guessed.
public enum ExecutionResultDecoder {
    /// Bounds on what one entry may carry.
    public static let maxFieldBytes = 16 * 1024
    public static let maxFields = 64

    /// Whether a status means the order (partly) executed; compared, not hashed (every entry has one).
    static func isFill(_ status: String) -> Bool {
        switch status {
        case "FILLED", "PARTIALLY_FILLED", "PARTIAL_FILL", "EXECUTED", "SUCCESS", "OK": true
        default: false
        }
    }

    public static func decode(_ entry: StreamEntry) -> Result<ExecutionResult, DecodeRejection> {
        decode(StreamBatch([entry]), 0)
    }

    /// Entry `index` of `batch`: its bytes are read where they lie, and only the fields
    /// ``interpret(_:)`` reads become strings.
    public static func decode(_ batch: StreamBatch, _ index: Int) -> Result<ExecutionResult, DecodeRejection> {
        var fields = KnownFields()
        if let rejection = fields.read(batch, index) ?? fields.mergeNested() { return .failure(rejection) }
        return interpret(fields)
    }

    /// The bytes as text if they are valid UTF-8. Decoding repairs an invalid sequence with
    /// U+FFFD, so the text's bytes equal the input exactly when it was valid. (Faster here than
    /// `String(validating:as:)`, which looked up generic metadata for every field.)
    static func validUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        if isASCII(bytes) { return text }  // nothing to repair
        return text.utf8.elementsEqual(bytes) ? text : nil
    }

    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var all: UInt8 = 0
        for byte in bytes { all |= byte }
        return all < 0x80
    }
}

/// The fields an execution result is read from, by lower-cased name (a name in any letter case
/// counts; the last of a name wins), after the nested JSON forms filled in what the flat fields
/// do not say. Other names are only checked (size, UTF-8), never kept.
struct KnownFields {
    enum Name: Int, CaseIterable {
        case symbol, status, error, errorMessage, message, reason, action, side, entryPrice, avgPrice, price
        case quantity, executedQty, qty, positionSizeUSD, leverage, takeProfit, stopLoss, orderID, orderid
        case timestamp, reduceOnly, reduceonly, data, payload, signal

        var text: String {
            switch self {
            case .errorMessage: "error_message"
            case .entryPrice: "entry_price"
            case .avgPrice: "avg_price"
            case .executedQty: "executed_qty"
            case .positionSizeUSD: "position_size_usd"
            case .takeProfit: "take_profit"
            case .stopLoss: "stop_loss"
            case .orderID: "order_id"
            case .reduceOnly: "reduce_only"
            default: "\(self)"
            }
        }

        /// Names by length, as bytes, for matching without making a String.
        static let byLength: [[(bytes: [UInt8], name: Name)]] = {
            var table = Array(repeating: [(bytes: [UInt8], name: Name)](), count: 18)
            for name in allCases { table[name.text.utf8.count].append((Array(name.text.utf8), name)) }
            return table
        }()

        /// The name `bytes` spell, ASCII letters in any case; nil for any other (non-ASCII included).
        static func match(_ bytes: UnsafeBufferPointer<UInt8>) -> Name? {
            guard bytes.count < byLength.count else { return nil }
            candidates: for candidate in byLength[bytes.count] {
                for i in 0..<bytes.count {
                    let byte = bytes[i]
                    if byte | (byte &- 0x41 < 26 ? 0x20 : 0) != candidate.bytes[i] { continue candidates }
                }
                return candidate.name
            }
            return nil
        }

        /// The name a member or field name stands for, lower-cased as `String.lowercased()` would.
        static func match(_ text: String) -> Name? {
            var lowered = text.fieldNameLowercased
            return lowered.withUTF8 { ExecutionResultDecoder.isASCII($0) ? match($0) : nil }
        }
    }

    var values = [String?](repeating: nil, count: Name.allCases.count)

    subscript(_ name: Name) -> String? {
        get { values[name.rawValue] }
        set { values[name.rawValue] = newValue }
    }

    /// Checks every field's size and UTF-8 and keeps the known ones.
    mutating func read(_ batch: StreamBatch, _ index: Int) -> DecodeRejection? {
        let limit = ExecutionResultDecoder.maxFieldBytes
        let count = batch.fieldCount(index)
        guard count <= ExecutionResultDecoder.maxFields else {
            return DecodeRejection(.oversized, "\(count) fields (limit \(ExecutionResultDecoder.maxFields))")
        }
        let spans = batch.fieldSpans[batch.entries[index].fields]
        return batch.bytes.withUnsafeBufferPointer { all -> DecodeRejection? in
            var i = spans.startIndex
            while i + 1 < spans.endIndex {
                let (nameSpan, valueSpan) = (spans[i], spans[i + 1])
                i += 2
                guard nameSpan.count <= 256, valueSpan.count <= limit else {
                    return DecodeRejection(.oversized, "a field is over \(limit) bytes")
                }
                let name = UnsafeBufferPointer(rebasing: all[nameSpan.start..<nameSpan.start + nameSpan.count])
                let value = UnsafeBufferPointer(rebasing: all[valueSpan.start..<valueSpan.start + valueSpan.count])
                let nameIsASCII = ExecutionResultDecoder.isASCII(name)
                guard nameIsASCII || ExecutionResultDecoder.validUTF8(name) != nil else {
                    return DecodeRejection(.invalidUTF8, "a field is not valid UTF-8")
                }
                let known = nameIsASCII ? Name.match(name) : Name.match(String(decoding: name, as: UTF8.self))
                if let known {
                    guard let text = ExecutionResultDecoder.validUTF8(value) else {
                        return DecodeRejection(.invalidUTF8, "a field is not valid UTF-8")
                    }
                    self[known] = text
                } else if !ExecutionResultDecoder.isASCII(value), ExecutionResultDecoder.validUTF8(value) == nil {
                    return DecodeRejection(.invalidUTF8, "a field is not valid UTF-8")
                }
            }
            return nil
        }
    }

    /// Nested forms: each JSON object's members fill in what the flat fields do not say.
    mutating func mergeNested() -> DecodeRejection? {
        for container in [Name.data, .payload, .signal] {
            guard let text = self[container] else { continue }
            guard case .object(let members)? = JSONValue.parse(Array(text.utf8)) else {
                return DecodeRejection(.malformedJSON, "field \(container.text) is not a JSON object")
            }
            self[container] = nil
            for (key, value) in members {
                let name = Name.match(key)
                if let name, self[name] == nil, let text = value.scalarText { self[name] = text }
                // One more level: {"signal": {...}} inside data.
                if case .object(let inner) = value, name == .signal {
                    for (innerKey, innerValue) in inner {
                        if let n = Name.match(innerKey), self[n] == nil, let t = innerValue.scalarText { self[n] = t }
                    }
                }
            }
        }
        return nil
    }
}
