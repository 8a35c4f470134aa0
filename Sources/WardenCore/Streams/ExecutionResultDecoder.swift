/// Decodes `trade.execution.res` entries in the three formats the pipeline has produced:
/// flat fields; the same keys as JSON in a `data` or `payload` field; and the old form with a
/// nested `signal` JSON object. Anything it cannot trust is rejected with a reason, never guessed.
public enum ExecutionResultDecoder {
    /// Bounds on what one entry may carry.
    public static let maxFieldBytes = 16 * 1024
    public static let maxFields = 64

    /// Statuses that mean the order (partly) executed.
    static let fillStatuses: Set<String> = ["FILLED", "PARTIALLY_FILLED", "PARTIAL_FILL", "EXECUTED", "SUCCESS", "OK"]

    public static func decode(_ entry: StreamEntry) -> Result<ExecutionResult, DecodeRejection> {
        let flat: [String: String]
        switch flatten(entry) {
        case .success(let f): flat = f
        case .failure(let rejection): return .failure(rejection)
        }
        return interpret(flat)
    }

    /// The bytes as text if they are valid UTF-8. Decoding repairs an invalid sequence with
    /// U+FFFD, so the text's bytes equal the input exactly when it was valid. (Faster here than
    /// `String(validating:as:)`, which looked up generic metadata for every field.)
    static func validUTF8(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        if bytes.allSatisfy({ $0 < 0x80 }) { return text }  // ASCII: nothing to repair
        return text.utf8.elementsEqual(bytes) ? text : nil
    }

    /// Validates sizes and UTF-8, then merges nested JSON under the flat fields.
    static func flatten(_ entry: StreamEntry) -> Result<[String: String], DecodeRejection> {
        guard entry.fields.count <= maxFields else {
            return .failure(DecodeRejection(.oversized, "\(entry.fields.count) fields (limit \(maxFields))"))
        }
        var flat: [String: String] = [:]
        flat.reserveCapacity(entry.fields.count)  // one allocation instead of growing 1, 2, 4, 8, 16
        for field in entry.fields {
            guard field.name.count <= 256, field.value.count <= maxFieldBytes else {
                return .failure(DecodeRejection(.oversized, "a field is over \(maxFieldBytes) bytes"))
            }
            guard let name = validUTF8(field.name), let value = validUTF8(field.value)
            else {
                return .failure(DecodeRejection(.invalidUTF8, "a field is not valid UTF-8"))
            }
            flat[name.fieldNameLowercased] = value
        }
        // Nested forms: the JSON object's members fill in what the flat fields do not say.
        for container in ["data", "payload", "signal"] {
            guard let text = flat[container] else { continue }
            guard case .object(let members)? = JSONValue.parse(Array(text.utf8)) else {
                return .failure(DecodeRejection(.malformedJSON, "field \(container) is not a JSON object"))
            }
            flat[container] = nil
            for (key, value) in members {
                let k = key.fieldNameLowercased
                if flat[k] == nil, let text = value.scalarText { flat[k] = text }
                // One more level: {"signal": {...}} inside data.
                if case .object(let inner) = value, k == "signal" {
                    for (ik, iv) in inner {
                        let k = ik.fieldNameLowercased
                        if flat[k] == nil, let t = iv.scalarText { flat[k] = t }
                    }
                }
            }
        }
        return .success(flat)
    }
}
