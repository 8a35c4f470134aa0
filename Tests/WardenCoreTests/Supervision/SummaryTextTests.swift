import Testing
import WardenCore

struct SummaryTextTests {
    @Test(arguments: [
        (Duration.milliseconds(850), "850ms"),
        (.seconds(1), "1s"),
        (.seconds(59), "59s"),
        (.seconds(60), "1m"),
        (.seconds(570), "9m30s"),
        (.seconds(3600), "1h"),
        (.seconds(7500), "2h5m"),
        (.seconds(5 * 86_400), "5d"),
        (.seconds(5 * 86_400 + 7200 + 59), "5d2h"),
        (.seconds(-90), "-1m30s"),
    ])
    func durationsUseTheLargestTwoUnits(d: Duration, text: String) {
        #expect(SummaryText.duration(d) == text)
    }

    @Test(arguments: [
        (Duration.milliseconds(1523), "1.52"),
        (.milliseconds(1000), "1"),
        (.milliseconds(1500), "1.5"),
        (.milliseconds(1005), "1.01"),
        (.milliseconds(-2040), "-2.04"),
    ])
    func secondsHaveAtMostTwoDecimals(d: Duration, text: String) {
        #expect(SummaryText.seconds(d) == text)
    }

    @Test
    func oneLineCollapsesWhitespaceAndCutsLongText() {
        #expect(SummaryText.oneLine("  a\n\tb   c  ") == "a b c")
        let long = SummaryText.oneLine(String(repeating: "x", count: 500), limit: 50)
        #expect(long == String(repeating: "x", count: 50) + "…")
        #expect(SummaryText.oneLine("ab cd", limit: 3) == "ab…")
    }

    @Test
    func shortHashIsStableAndEightHexDigits() {
        #expect(SummaryText.shortHash("a") == SummaryText.shortHash("a"))
        #expect(SummaryText.shortHash("a") != SummaryText.shortHash("b"))
        #expect(SummaryText.shortHash("").count == 8 && SummaryText.shortHash("") == "811c9dc5")
    }
}
