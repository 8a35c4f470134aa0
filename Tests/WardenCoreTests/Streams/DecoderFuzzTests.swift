import Testing
import WardenCore

/// Deterministic generator so a failure replays exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

struct DecoderFuzzTests {
    static let seeds: [[(String, String)]] = [
        [("symbol", "BTCUSDT"), ("action", "BUY"), ("status", "FILLED"), ("entry_price", "65000"), ("quantity", "0.01"), ("leverage", "10")],
        [("data", #"{"symbol":"ETHUSDT","side":"SELL","status":"filled","entry_price":3000,"executed_qty":"2"}"#)],
        [("signal", #"{"symbol":"SOLUSDT","action":"LONG","leverage":3}"#), ("entry_price", "150"), ("position_size_usd", "300")],
        [("payload", #"{"symbol":"XRPUSDT","action":"SHORT","entry_price":"0.5","quantity":"100","take_profit":"0.45"}"#)],
    ]

    static func mutate(_ bytes: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = bytes
        switch rng.next() % 6 {
        case 0 where !b.isEmpty: b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next())
        case 1 where !b.isEmpty: b.removeLast(Int(rng.next() % UInt64(b.count)))
        case 2: b.insert(contentsOf: [0xFF, 0x00, 0x22, 0x7B], at: b.isEmpty ? 0 : Int(rng.next() % UInt64(b.count)))
        case 3: b = Array(["0", "-1", "nan", "1e400", "", "{", "0.0", "BUY", "\u{0}"].randomElement(using: &rng)!.utf8)
        case 4: b += b
        default: break
        }
        return b
    }

    static func entry(_ i: Int, _ rng: inout SplitMix64) -> StreamEntry {
        if i % 5 == 0 {  // pure noise
            let n = Int(rng.next() % 8)
            return StreamEntry(id: "\(i)-0", fields: (0..<n).map { _ in
                .init(name: (0..<Int(rng.next() % 12)).map { _ in UInt8(truncatingIfNeeded: rng.next()) },
                      value: (0..<Int(rng.next() % 40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            })
        }
        var fields = seeds[Int(rng.next() % UInt64(seeds.count))].map { StreamEntry.Field($0.0, $0.1) }
        for _ in 0..<Int(rng.next() % 3) where !fields.isEmpty {
            let k = Int(rng.next() % UInt64(fields.count))
            if rng.next() % 4 == 0 { fields[k].name = mutate(fields[k].name, &rng) } else { fields[k].value = mutate(fields[k].value, &rng) }
        }
        return StreamEntry(id: "\(i)-0", fields: fields)
    }

    @Test(.timeLimit(.minutes(2)))
    func hundredThousandRandomAndMutatedEntriesAreAllAccountedFor() {
        var rng = SplitMix64(state: 0x5EED)
        var book = PositionBook(policy: ExitPolicy())
        var applied = 0, rejected = 0
        var reasons: [DecodeRejection.Reason: Int] = [:]
        let total = 100_000
        let now = WallTime(milliseconds: 1_800_000_000_000)
        for i in 0..<total {
            switch ExecutionResultDecoder.decode(Self.entry(i, &rng)) {
            case .success(let result):
                _ = book.apply(result, now: now)
                applied += 1
            case .failure(let r):
                rejected += 1
                reasons[r.reason, default: 0] += 1
            }
        }
        #expect(applied + rejected == total)
        #expect(applied > 1000 && rejected > 1000, "the mix should exercise both paths: \(applied) / \(rejected)")
        // Nothing tracked has a level that can never fire.
        for p in book.positions.values {
            #expect(p.entryPrice > 0 && p.quantity > 0 && p.stopLoss > 0 && p.takeProfit.isFinite && p.stopLoss.isFinite)
        }
        #expect(reasons.count >= 6, "rejection reasons seen: \(reasons)")
    }
}
