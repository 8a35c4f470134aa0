extension ExecutionResultDecoder {
    /// Gives the merged fields meaning: symbol, side, status, price, quantity, levels.
    static func interpret(_ f: KnownFields) -> Result<ExecutionResult, DecodeRejection> {
        guard let rawSymbol = f[.symbol], !rawSymbol.isEmpty else {
            return .failure(DecodeRejection(.missingSymbol, "no symbol"))
        }
        let symbol = rawSymbol.valueUppercased
        guard isValidSymbol(symbol) else {
            return .failure(DecodeRejection(.badSymbol, "symbol is not 2 to 32 letters and digits"))
        }
        if let status = f[.status], !isFill(status.valueUppercased) {
            let message = f[.error] ?? f[.errorMessage] ?? f[.message] ?? f[.reason]
            return .failure(DecodeRejection(.notAFill, "status \(status.prefix(40)) is not a fill", errorMessage: message))
        }
        guard let side = side(f[.action] ?? f[.side]) else {
            return .failure(DecodeRejection(.badAction, "action is not BUY, SELL, LONG or SHORT"))
        }
        guard let price = positive(f[.entryPrice] ?? f[.avgPrice] ?? f[.price]) else {
            return .failure(DecodeRejection(.badPrice, "entry_price is missing, not a number, or not above 0"))
        }
        var quantity = positive(f[.quantity] ?? f[.executedQty] ?? f[.qty])
        if quantity == nil, let usd = positive(f[.positionSizeUSD]) {
            quantity = usd / price
        }
        guard let quantity, quantity.isFinite, quantity > 0 else {
            return .failure(DecodeRejection(.badQuantity, "quantity is missing or not above 0"))
        }
        var leverage = 1.0
        if let text = f[.leverage], !text.isEmpty {
            guard let l = positive(text), l <= 125 else {
                return .failure(DecodeRejection(.badLeverage, "leverage is not from 1 to 125"))
            }
            leverage = l
        }
        let fill = Fill(
            symbol: symbol, side: side, entryPrice: price, quantity: quantity, leverage: leverage,
            orderID: Self.prefix64(f[.orderID] ?? f[.orderid] ?? ""),
            takeProfit: positive(f[.takeProfit]), stopLoss: positive(f[.stopLoss]),
            timestamp: Self.prefix64(f[.timestamp] ?? ""))
        let reduceOnly: Bool
        switch (f[.reduceOnly] ?? f[.reduceonly])?.valueUppercased {
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
        if let d = plainDecimal(text.utf8) { return d > 0 ? d : nil }
        // Trimming only when there is a space to trim (it copies the string).
        let padded = text.utf8.first == 0x20 || text.utf8.last == 0x20
        guard let d = padded ? Double(text.trimmingSpaces()) : Double(text), d.isFinite, d > 0 else { return nil }
        return d
    }

    /// `Double(text)` for the form every producer writes, digits with an optional fraction
    /// ("65000", "0.0015"), at most 15 digits in all; nil for anything else (the general parser
    /// decides those). Exact: the digits fit a double's 53-bit mantissa, so does 10^k for k ≤ 15,
    /// and one IEEE division of two exact values is correctly rounded, as `strtod` is. Every
    /// fill has three or four numbers, and the C parser was a tenth of decoding.
    static func plainDecimal(_ utf8: String.UTF8View) -> Double? {
        var mantissa: UInt64 = 0
        var digits = 0
        var fraction = -1  // digits after the point; -1 before it
        for byte in utf8 {
            if byte &- 0x30 < 10 {
                guard digits < 15 else { return nil }
                mantissa = mantissa &* 10 &+ UInt64(byte &- 0x30)
                digits += 1
                if fraction >= 0 { fraction += 1 }
            } else if byte == 0x2E, fraction < 0, digits > 0 {
                fraction = 0
            } else {
                return nil
            }
        }
        guard digits > 0, fraction != 0 else { return nil }  // "" and "1." go to the general parser
        return fraction < 0 ? Double(mantissa) : Double(mantissa) / powersOfTen[fraction]
    }

    static let powersOfTen: [Double] = (0...15).map { (0..<$0).reduce(1.0) { r, _ in r * 10 } }

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
