import Testing
@testable import WardenCore

/// The decoder reads known fields straight from a batch's shared bytes. The dictionary decoder it
/// replaced is kept here as the reference: on the fuzz generator's entries, on whole batches and on
/// names in odd letter cases, both must give the same result or the same rejection.
struct DecoderReferenceTests {
    /// The former `flatten`: every field validated, then a dictionary by lower-cased name, with the
    /// nested JSON forms merged under it.
    static func referenceFlatten(_ entry: StreamEntry) -> Result<[String: String], DecodeRejection> {
        func valid(_ bytes: [UInt8]) -> String? {
            let text = String(decoding: bytes, as: UTF8.self)
            return text.utf8.elementsEqual(bytes) ? text : nil
        }
        guard entry.fields.count <= ExecutionResultDecoder.maxFields else {
            return .failure(DecodeRejection(.oversized, "\(entry.fields.count) fields (limit \(ExecutionResultDecoder.maxFields))"))
        }
        var flat: [String: String] = [:]
        for field in entry.fields {
            guard field.name.count <= 256, field.value.count <= ExecutionResultDecoder.maxFieldBytes else {
                return .failure(DecodeRejection(.oversized, "a field is over \(ExecutionResultDecoder.maxFieldBytes) bytes"))
            }
            guard let name = valid(field.name), let value = valid(field.value) else {
                return .failure(DecodeRejection(.invalidUTF8, "a field is not valid UTF-8"))
            }
            flat[name.lowercased()] = value
        }
        for container in ["data", "payload", "signal"] {
            guard let text = flat[container] else { continue }
            guard case .object(let members)? = JSONValue.parse(Array(text.utf8)) else {
                return .failure(DecodeRejection(.malformedJSON, "field \(container) is not a JSON object"))
            }
            flat[container] = nil
            for (key, value) in members {
                let k = key.lowercased()
                if flat[k] == nil, let text = value.scalarText { flat[k] = text }
                if case .object(let inner) = value, k == "signal" {
                    for (ik, iv) in inner {
                        let k = ik.lowercased()
                        if flat[k] == nil, let t = iv.scalarText { flat[k] = t }
                    }
                }
            }
        }
        return .success(flat)
    }

    static func reference(_ entry: StreamEntry) -> Result<ExecutionResult, DecodeRejection> {
        switch referenceFlatten(entry) {
        case .failure(let rejection): return .failure(rejection)
        case .success(let flat):
            var known = KnownFields()
            for name in KnownFields.Name.allCases { known[name] = flat[name.text] }
            return ExecutionResultDecoder.interpret(known)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func fuzzedEntriesDecodeAsTheDictionaryDecoderDid() {
        var rng = SplitMix64(state: 0xDEC0DE)
        var differences: [String] = []
        var outcomes: Set<String> = []
        var batch: [StreamEntry] = []
        // 30,000: DecoderFuzzTests feeds its 100,000 to the decoder alone; this test runs both
        // decoders in the parallel pass, where its CPU must not starve wall-clock assertions.
        for i in 0..<30_000 {
            let entry = DecoderFuzzTests.entry(i, &rng)
            let expected = Self.reference(entry)
            let got = ExecutionResultDecoder.decode(entry)
            if got != expected, differences.count < 5 { differences.append("\(entry): \(got) vs \(expected)") }
            switch expected {
            case .success: outcomes.insert("applied")
            case .failure(let r): outcomes.insert(r.reason.rawValue)
            }
            batch.append(entry)
            if batch.count == 500 {  // the same entries read as one batch, as the consumer does
                let whole = StreamBatch(batch)
                for k in batch.indices where ExecutionResultDecoder.decode(whole, k) != Self.reference(batch[k]) {
                    if differences.count < 5 { differences.append("in a batch: \(batch[k])") }
                }
                batch = []
            }
        }
        #expect(differences.isEmpty, "\(differences)")
        #expect(outcomes.count >= 7, "outcomes seen: \(outcomes)")
    }

    @Test(arguments: [
        [("SYMBOL", "btcusdt"), ("Action", "buy"), ("STATUS", "filled"), ("Entry_Price", "10"), ("QTY", "2")],
        [("symbol", "AAAUSDT"), ("symbol", "BBBUSDT"), ("side", "SELL"), ("price", "3"), ("qty", "1"), ("Reduce_Only", "yes")],
        [("sym\u{212A}bol", "x"), ("symbol", "ETHUSDT"), ("action", "BUY"), ("entry_price", "1"), ("position_size_usd", "50"),
         ("ta\u{212A}e_profit", "2")],  // KELVIN SIGN lower-cases to an ASCII k
        [("Data", #"{"SYMBOL":"SOLUSDT","Side":"sell","avg_price":"2","executed_qty":3,"Signal":{"take_profit":1}}"#)],
        [("payload", #"{"symbol":"SOLUSDT","data":"{}","signal":"not json"}"#)],
        [("data", #"{"symbol":"SOLUSDT"}"#), ("DATA", "[1]")],
        [("signal", #"{"symbol":"XRPUSDT","action":"LONG","entry_price":"0.5","quantity":"10"}"#), ("status", "REJECTED"),
         ("error_message", "Margin is insufficient")],
        [("symbol", "ADAUSDT"), ("action", "BUY"), ("entry_price", " 0.25 "), ("quantity", "4"), ("leverage", "126")],
        [("", ""), ("symbol", "ADAUSDT"), ("action", "SHORT"), ("entry_price", "1"), ("quantity", "1"), ("order_id", String(repeating: "9", count: 80))],
    ])
    func handPickedEntriesDecodeAsTheDictionaryDecoderDid(_ pairs: [(String, String)]) {
        let entry = StreamEntry(id: "1-0", pairs)
        #expect(ExecutionResultDecoder.decode(entry) == Self.reference(entry))
    }

    @Test func aBatchKeepsEveryEntryAndItsBytes() {
        let entries = [StreamEntry(id: "1-1", [("a", "b"), ("", "\u{0}\r\n")]), StreamEntry(id: "1-2", fields: []),
                       StreamEntry(id: "2-0", fields: [.init(name: [0xFF], value: [])])]
        let batch = StreamBatch(entries)
        #expect(batch.count == 3 && batch.list == entries)
        #expect(batch.id(1) == "1-2" && batch.fieldCount(0) == 2 && batch.fieldCount(1) == 0)
        var appended = StreamBatch(bytes: Array("9-9kv".utf8))
        appended.append(id: .init(start: 0, count: 3), fields: [.init(start: 3, count: 1), .init(start: 4, count: 1), .init(start: 3, count: 1)])
        #expect(appended.list == [StreamEntry(id: "9-9", [("k", "v")])])  // no value: the name is dropped
    }
}

/// The decoder's own decimal parser against Swift's (`strtod`) on 60,000 texts producers write and
/// near misses: the same value, bit for bit, or no answer (then the general parser decides).
struct PlainDecimalTests {
    @Test func agreesWithTheGeneralParserBitForBit() {
        var rng = SplitMix64(state: 0xD0_0B1E)
        var answered = 0
        for i in 0..<60_000 {
            let digits = Int(rng.next() % 18) + 1
            var text = String((0..<digits).map { _ in Character(String(rng.next() % 10)) })
            if i % 3 != 0 { text.insert(".", at: text.index(text.startIndex, offsetBy: Int(rng.next() % UInt64(digits + 1)))) }
            if i % 50 == 0 { text = ["", ".", "1.", ".5", "00.10", "1e5", "+1", "-2.5", "1.2.3", "0", "0.000", " 1", "1_0", "١"].randomElement(using: &rng)! }
            let fast = ExecutionResultDecoder.plainDecimal(text.utf8)
            if let fast {
                answered += 1
                #expect(fast.bitPattern == Double(text)?.bitPattern, "\(text): \(fast) vs \(String(describing: Double(text)))")
            } else {
                // Only forms outside the fast path are left to the general parser.
                let plain = text.utf8.allSatisfy { $0 == 0x2E || $0 &- 0x30 < 10 } && text.utf8.filter { $0 == 0x2E }.count <= 1
                    && text.utf8.filter { $0 != 0x2E }.count <= 15 && text.first != "." && text.last != "." && !text.isEmpty
                #expect(!plain, "\(text) is plain but was not parsed")
            }
        }
        #expect(answered > 30_000)
        #expect(ExecutionResultDecoder.positive("0.000") == nil && ExecutionResultDecoder.positive("1e400") == nil)
        #expect(ExecutionResultDecoder.positive(" 2.5 ") == 2.5 && ExecutionResultDecoder.positive("1e2") == 100)
    }
}
