import Testing
import WardenCore

struct ExitRulesTests {
    static let policy = ExitPolicy(takeProfitPct: 2.5, stopLossPct: 1.5, trailingStopPct: 1.0, trailingArmPct: 1.0)

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let side: PositionSide
        let waterMark: Double
        let price: Double
        let expected: ExitReason?
        var testDescription: String { name }
    }

    // Entry 100: long TP 102.5 / SL 98.5; short TP 97.5 / SL 101.5. Trailing arms at 1 % gain, trails 1 %.
    static let cases: [Case] = [
        Case(name: "long between levels", side: .long, waterMark: 100, price: 100.5, expected: nil),
        Case(name: "long exactly at TP", side: .long, waterMark: 100, price: 102.5, expected: .takeProfit),
        Case(name: "long gaps through TP", side: .long, waterMark: 100, price: 110, expected: .takeProfit),
        Case(name: "long exactly at SL", side: .long, waterMark: 100, price: 98.5, expected: .stopLoss),
        Case(name: "long gaps through SL", side: .long, waterMark: 100, price: 90, expected: .stopLoss),
        Case(name: "long trailing not armed", side: .long, waterMark: 100.9, price: 99.0, expected: nil),
        Case(name: "long trailing armed, above stop", side: .long, waterMark: 102, price: 101.0, expected: nil),
        Case(name: "long trailing armed, at stop", side: .long, waterMark: 102, price: 100.98, expected: .trailingStop),
        Case(name: "long trailing armed, gap below SL reports SL", side: .long, waterMark: 102, price: 98, expected: .stopLoss),
        Case(name: "short between levels", side: .short, waterMark: 100, price: 99.5, expected: nil),
        Case(name: "short exactly at TP", side: .short, waterMark: 100, price: 97.5, expected: .takeProfit),
        Case(name: "short gaps through TP", side: .short, waterMark: 100, price: 80, expected: .takeProfit),
        Case(name: "short exactly at SL", side: .short, waterMark: 100, price: 101.5, expected: .stopLoss),
        Case(name: "short gaps through SL", side: .short, waterMark: 100, price: 120, expected: .stopLoss),
        Case(name: "short trailing not armed", side: .short, waterMark: 99.1, price: 101, expected: nil),
        Case(name: "short trailing armed, below stop", side: .short, waterMark: 98, price: 98.9, expected: nil),
        Case(name: "short trailing armed, at stop", side: .short, waterMark: 98, price: 98.98, expected: .trailingStop),
        Case(name: "non-finite price never exits", side: .long, waterMark: 100, price: .nan, expected: nil),
        Case(name: "zero price never exits", side: .long, waterMark: 100, price: 0, expected: nil),
    ]

    @Test(arguments: cases)
    func evaluate(c: Case) {
        let levels = ExitRules.levels(side: c.side, entry: 100, takeProfit: nil, stopLoss: nil, policy: Self.policy)
        let reason = ExitRules.evaluate(side: c.side, entry: 100, takeProfit: levels.takeProfit, stopLoss: levels.stopLoss,
                                        waterMark: c.waterMark, price: c.price, policy: Self.policy)
        #expect(reason == c.expected)
    }

    @Test(arguments: [
        // (side, tp given, sl given, expected tp, expected sl)
        (PositionSide.long, 110.0, 95.0, 110.0, 95.0),
        (.long, 90.0, 105.0, 102.5, 98.5),   // wrong sides: percentages apply
        (.short, 90.0, 105.0, 90.0, 105.0),
        (.short, 110.0, 95.0, 97.5, 101.5),
    ] as [(PositionSide, Double, Double, Double, Double)])
    func absoluteLevelsOnlyOnTheRightSide(side: PositionSide, tp: Double, sl: Double, eTP: Double, eSL: Double) {
        let l = ExitRules.levels(side: side, entry: 100, takeProfit: tp, stopLoss: sl, policy: Self.policy)
        #expect(abs(l.takeProfit - eTP) < 1e-9 && abs(l.stopLoss - eSL) < 1e-9)
    }

    @Test
    func waterMarkOnlyMovesInFavour() {
        #expect(ExitRules.waterMark(side: .long, current: 105, price: 103) == 105)
        #expect(ExitRules.waterMark(side: .long, current: 105, price: 107) == 107)
        #expect(ExitRules.waterMark(side: .short, current: 95, price: 97) == 95)
        #expect(ExitRules.waterMark(side: .short, current: 95, price: 93) == 93)
    }
}
