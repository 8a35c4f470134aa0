extension TOMLParser {
    /// A table under construction, with how it came to exist (which decides what may extend it).
    struct Table {
        enum Origin { case implicit, header, dotted }
        var origin: Origin
        var entries: [String: Node] = [:]

        var value: [String: TOMLValue] { entries.mapValues(\.value) }

        /// `a.b.c = value`: the dotted parts create (or extend) tables that dotted keys made.
        mutating func assign(_ keys: ArraySlice<String>, _ value: TOMLValue) throws(Problem) {
            let name = keys.first!
            guard keys.count > 1 else {
                guard entries[name] == nil else { throw Problem("duplicate_key", "duplicate key '\(name)'") }
                entries[name] = .value(value)
                return
            }
            var child: Table
            switch entries.removeValue(forKey: name) {
            case nil: child = Table(origin: .dotted)
            case .table(let t) where t.origin == .dotted: child = t
            case let other?:
                entries[name] = other
                throw Problem("table_redefined", "dotted key '\(name)' extends a value or table defined elsewhere")
            }
            defer { entries[name] = .table(child) }
            try child.assign(keys.dropFirst(), value)
        }
    }

    /// One entry of a table under construction.
    indirect enum Node {
        case value(TOMLValue)
        case table(Table)
        case tables([Table])

        var value: TOMLValue {
            switch self {
            case .value(let v): v
            case .table(let t): .table(t.value)
            case .tables(let ts): .array(ts.map { .table($0.value) })
            }
        }
    }

    /// A redefinition or duplicate found while building tables; positioned by the caller.
    struct Problem: Swift.Error {
        let reason: String, message: String
        init(_ reason: String, _ message: String) { (self.reason, self.message) = (reason, message) }
    }

    /// Runs `body` on the table a header path names (the last table of an array of tables).
    static func withTable(_ table: inout Table, _ path: ArraySlice<String>,
                                _ body: (inout Table) throws(Problem) -> Void) throws(Problem) {
        guard let name = path.first else { return try body(&table) }
        switch table.entries.removeValue(forKey: name) {
        case .table(var t):
            defer { table.entries[name] = .table(t) }
            try withTable(&t, path.dropFirst(), body)
        case .tables(var ts):
            defer { table.entries[name] = .tables(ts) }
            try withTable(&ts[ts.count - 1], path.dropFirst(), body)
        case nil:
            var t = Table(origin: .implicit)
            defer { table.entries[name] = .table(t) }
            try withTable(&t, path.dropFirst(), body)
        case .value(let v):
            table.entries[name] = .value(v)
            throw Problem("table_redefined", "'\(name)' is already a value, not a table")
        }
    }

    /// Defines the table (or appends to the array of tables) that a header names.
    static func define(_ root: inout Table, _ keys: ArraySlice<String>, isArray: Bool) throws(Problem) {
        let name = keys.last!
        try withTable(&root, keys.dropLast(), { (parent: inout Table) throws(Problem) in
            switch (parent.entries[name], isArray) {
            case (nil, false): parent.entries[name] = .table(Table(origin: .header))
            case (nil, true): parent.entries[name] = .tables([Table(origin: .header)])
            case (.table(var t), false) where t.origin == .implicit:
                t.origin = .header
                parent.entries[name] = .table(t)
            case (.tables(var ts), true):
                parent.entries[name] = nil
                ts.append(Table(origin: .header))
                parent.entries[name] = .tables(ts)
            default:
                throw Problem("table_redefined", "table '\(keys.joined(separator: "."))' is defined more than once")
            }
        })
    }
}
