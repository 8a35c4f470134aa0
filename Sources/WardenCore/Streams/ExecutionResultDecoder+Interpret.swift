extension ExecutionResultDecoder {
    /// Gives the merged fields meaning: symbol, side, status, price, quantity, levels.
    static func interpret(_ f: [String: String]) -> Result<ExecutionResult, DecodeRejection> {
        guard let rawSymbol = f["symbol"], !rawSymbol.isEmpty else {
            return .failure(DecodeRejection(.missingSymbol, "no symbol"))
        }
        let symbol = rawSymbol.valueUppercased
        guard isValidSymbol(symbol) else {
            return .failure(DecodeRejection(.badSymbol, "symbol is not 2 to 32 letters and digits"))
        }
        if let status = f["status"], !fillStatuses.contains(status.valueUppercased) {
            let message = f["error"] ?? f["error_message"] ?? f["message"] ?? f["reason"]
            return .failure(DecodeRejection(.notAFill, "status \(status.prefix(40)) is not a fill", errorMessage: message))
        }
        guard let side = side(f["action"] ?? f["side"]) else {
            return .failure(DecodeRejection(.badAction, "action is not BUY, SELL, LONG or SHORT"))
        }
        guard let price = positive(f["entry_price"] ?? f["avg_price"] ?? f["price"]) else {
            return .failure(DecodeRejection(.badPrice, "entry_price is missing, not a number, or not above 0"))
        }
        var quantity = positive(f["quantity"] ?? f["executed_qty"] ?? f["qty"])
        if quantity == nil, let usd = positive(f["position_size_usd"]) {
            quantity = usd / price
        }
        guard let quantity, quantity.isFinite, quantity > 0 else {
            return .failure(DecodeRejection(.badQuantity, "quantity is missing or not above 0"))
        }
        var leverage = 1.0
        if let text = f["leverage"], !text.isEmpty {
            guard let l = positive(text), l <= 125 else {
                return .failure(DecodeRejection(.badLeverage, "leverage is not from 1 to 125"))
            }
            leverage = l
        }
        let fill = Fill(
            symbol: symbol, side: side, entryPrice: price, quantity: quantity, leverage: leverage,
            orderID: Self.prefix64(f["order_id"] ?? f["orderid"] ?? ""),
            takeProfit: positive(f["take_profit"]), stopLoss: positive(f["stop_loss"]),
            timestamp: Self.prefix64(f["timestamp"] ?? ""))
        let reduceOnly: Bool
        switch (f["reduce_only"] ?? f["reduceonly"])?.valueUppercased {
        case "TRUE", "1", "YES": reduceOnly = true
        default: reduceOnly = false
        }
        return .success(reduceOnly ? .reduced(fill) : .opened(fill))
    }

    static func side(_ text: String?) -> PositionSide? {
        switch text?.valueUppercased {
        case "BUY", "LONG": .long
        case "SELL", "SHORT": .short
        default: nil
        }
    }

    /// A finite number above zero, or nil.
    static func positive(_ text: String?) -> Double? {
        guard let text, text.utf8.count <= 40 else { return nil }
        // Trimming only when there is a space to trim (it copies the string).
        let padded = text.utf8.first == 0x20 || text.utf8.last == 0x20
        guard let d = padded ? Double(text.trimmingSpaces()) : Double(text), d.isFinite, d > 0 else { return nil }
        return d
    }

    /// The first 64 characters; the text itself when it has no more bytes than that.
    static func prefix64(_ text: String) -> String {
        text.utf8.count <= 64 ? text : String(text.prefix(64))
    }

    static func isValidSymbol(_ s: String) -> Bool {
        (2...32).contains(s.utf8.count) && s.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }
    }
}

extension String {
    /// `lowercased()`, without Unicode case tables or a copy for ASCII names already in lower
    /// case (every field name in practice): it runs for every field of every entry.
    var fieldNameLowercased: String { asciiCaseMapped(upper: false) ?? lowercased() }

    /// `uppercased()`, with the same ASCII fast path (symbols, statuses and sides are ASCII;
    /// anything else takes the Unicode route).
    var valueUppercased: String { asciiCaseMapped(upper: true) ?? uppercased() }

    /// The text with its ASCII letters in upper (or lower) case, itself when none needs it; nil
    /// when the text is not ASCII.
    func asciiCaseMapped(upper: Bool) -> String? {
        let first: UInt8 = upper ? 0x61 : 0x41  // the letters to change start at `a` (or `A`)
        var change = false
        for byte in utf8 {
            if byte >= 0x80 { return nil }
            if byte &- first < 26 { change = true }
        }
        guard change else { return self }
        return String(decoding: utf8.map { $0 &- first < 26 ? $0 ^ 0x20 : $0 }, as: UTF8.self)
    }

    func trimmingSpaces() -> Substring {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
