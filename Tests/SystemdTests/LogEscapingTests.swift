@testable import Systemd
import Testing

/// The log format's escaping checks controls by value and passes plain text through untouched;
/// both must agree with the Unicode property tables they replaced.
struct LogEscapingTests {
    @Test
    func controlIsExactlyTheGeneralCategoryCc() {
        var mismatches: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if StderrLogHandler.isControl(scalar) != (scalar.properties.generalCategory == .control) {
                mismatches.append(value)
            }
        }
        #expect(mismatches.isEmpty)
    }

    @Test(arguments: [
        ("plain ascii", false), ("plain ascii", true), ("", false), ("", true),
        ("tab\there", true), ("nel\u{85}x", false), ("c1 end\u{9F}", true), ("nbsp\u{A0}x", true),
        ("é and 🚀", true), ("é=🚀", true), ("del\u{7F}", false), ("quote\"in", false), ("quote\"in", true),
        ("back\\slash", false), ("back\\slash", true), ("a=b", true), ("\u{0}", false), ("Ā\u{80}", false),
    ] as [(String, Bool)])
    func escapedMatchesThePropertyTableVersion(text: String, quote: Bool) {
        #expect(StderrLogHandler.escaped(text, quote: quote) == Self.reference(text, quote: quote))
    }

    @Test
    func randomTextEscapesLikeThePropertyTableVersion() {
        var rng = LCG(state: 42)
        let alphabet: [Unicode.Scalar] = ["a", "Z", "0", " ", "=", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1B}",
                                          "\u{7F}", "\u{80}", "\u{85}", "\u{9F}", "\u{A0}", "é", "Ā", "\u{2028}", "🚀"]
        for _ in 0..<20_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int(rng.next() % 12) { text.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            let string = String(text)
            for quote in [false, true] {
                let got = StderrLogHandler.escaped(string, quote: quote)
                let want = Self.reference(string, quote: quote)
                if got != want {
                    Issue.record("\(string.debugDescription) quote \(quote): \(got.debugDescription) != \(want.debugDescription)")
                    return
                }
            }
        }
    }

    /// The escaping as it was written first, with Unicode's property tables.
    private static func reference(_ text: String, quote: Bool) -> String {
        let needsQuotes = quote && (text.isEmpty || text.unicodeScalars.contains {
            " =\"\\".unicodeScalars.contains($0) || $0.properties.generalCategory == .control
        })
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\"" where needsQuotes: out += "\\\""
            case "\\" where needsQuotes: out += "\\\\"
            case _ where scalar.properties.generalCategory == .control: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return needsQuotes ? "\"\(out)\"" : out
    }

    /// A fixed-seed linear congruential generator (Knuth's MMIX constants): the same texts every run.
    private struct LCG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
    }
}
