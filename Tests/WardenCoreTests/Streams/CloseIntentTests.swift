import Testing
import WardenCore

struct CloseIntentTests {
    static let position = Position(
        key: PositionKey(symbol: "BTCUSDT"), side: .long, quantity: 0.015, entryPrice: 60000, leverage: 10,
        takeProfit: 61500, stopLoss: 59100, waterMark: 61600, openingOrderID: "987", openedAt: WallTime(milliseconds: 0))

    @Test
    func fieldsAreExactlyTheDesignSchema() {
        let intent = CloseIntent(position: Self.position, reason: .takeProfit, triggerPrice: 61600, attempt: 1,
                                 at: WallTime(milliseconds: 1_795_000_000_123))
        let fields = Dictionary(uniqueKeysWithValues: intent.fields)
        #expect(intent.fields.map(\.0) == ["symbol", "action", "quantity", "position_size_usd", "leverage", "entry_price",
                                           "reduce_only", "exit_reason", "tp_level", "sl_level", "order_id", "intent_id",
                                           "source", "model", "timestamp"])
        #expect(fields["side"] == nil)
        #expect(fields["action"] == "SELL")
        #expect(fields["quantity"] == "0.015")
        #expect(fields["position_size_usd"] == "924")
        #expect(fields["entry_price"] == "61600")
        #expect(fields["reduce_only"] == "true")
        #expect(fields["exit_reason"] == "tp_hit")
        #expect(fields["tp_level"] == "61500" && fields["sl_level"] == "59100")
        #expect(fields["order_id"] == "987")
        #expect(fields["source"] == "exit_monitor" && fields["model"] == "exit_monitor")
        #expect(fields["timestamp"] == "2026-11-18T11:06:40.123Z")
    }

    @Test
    func shortClosesWithBuyAndIntentIDsDiffer() {
        var p = Self.position
        p.side = .short
        let a = CloseIntent(position: p, reason: .stopLoss, triggerPrice: 1, attempt: 1, at: WallTime(milliseconds: 5))
        let b = CloseIntent(position: p, reason: .stopLoss, triggerPrice: 1, attempt: 2, at: WallTime(milliseconds: 5))
        #expect(a.action == "BUY")
        #expect(a.intentID != b.intentID)
    }

    @Test(arguments: [
        (0.00001, "0.00001"), (65000, "65000"), (1.5, "1.5"), (0.1 + 0.2, "0.3"), (-2.25, "-2.25"), (1e-12, "0"),
    ])
    func decimalTextHasNoExponent(value: Double, text: String) {
        #expect(DecimalText.plain(value) == text)
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"), (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (1_795_000_000_123, "2026-11-18T11:06:40.123Z"), (-1, "1969-12-31T23:59:59.999Z"),
    ])
    func iso8601(ms: Int64, text: String) {
        #expect(WallTime(milliseconds: ms).iso8601 == text)
    }
}
