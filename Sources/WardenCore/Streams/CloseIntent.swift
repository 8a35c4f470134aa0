/// A close intent for `trade.intent`, in the exact schema the execution service reads.
///
/// Field names are binding. Production lost 18 hours of exits to intents written with `side=`
/// instead of `action=`, and the Python constructor rejects unknown keywords, so this writes
/// exactly the DESIGN.md fields and nothing else.
public struct CloseIntent: Sendable, Hashable {
    public var symbol: String
    /// The order side that closes: opposite of the position.
    public var action: String
    public var quantity: Double
    public var leverage: Double
    /// The price that triggered the exit.
    public var triggerPrice: Double
    public var reason: ExitReason
    public var takeProfit: Double
    public var stopLoss: Double
    public var openingOrderID: String
    public var intentID: String
    public var at: WallTime

    public init(position p: Position, reason: ExitReason, triggerPrice: Double, attempt: Int, at: WallTime) {
        symbol = p.symbol
        action = p.side.closingAction
        quantity = p.quantity
        leverage = p.leverage
        self.triggerPrice = triggerPrice
        self.reason = reason
        takeProfit = p.takeProfit
        stopLoss = p.stopLoss
        openingOrderID = p.openingOrderID
        let side = p.key.hedgeSide.map { "-\($0.rawValue)" } ?? ""
        intentID = "wd-\(p.symbol)\(side)-\(at.milliseconds)-\(attempt)"
        self.at = at
    }

    /// The flat string fields written with XADD, in a stable order.
    public var fields: [(String, String)] {
        [
            ("symbol", symbol),
            ("action", action),
            ("quantity", DecimalText.plain(quantity)),
            ("position_size_usd", DecimalText.plain(quantity * triggerPrice, maxFractionDigits: 4)),
            ("leverage", DecimalText.plain(leverage)),
            ("entry_price", DecimalText.plain(triggerPrice)),
            ("reduce_only", "true"),
            ("exit_reason", reason.rawValue),
            ("tp_level", DecimalText.plain(takeProfit)),
            ("sl_level", DecimalText.plain(stopLoss)),
            ("order_id", openingOrderID),
            ("intent_id", intentID),
            ("source", "exit_monitor"),
            ("model", "exit_monitor"),
            ("timestamp", at.iso8601),
        ]
    }
}
