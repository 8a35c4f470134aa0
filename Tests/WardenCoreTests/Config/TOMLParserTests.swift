import Testing
import WardenCore

struct TOMLParserTests {
    private static func parse(_ text: String) -> [String: TOMLValue]? { try? TOMLParser.parse(text).get() }

    @Test(arguments: [
        // Comments, blank lines, bare/quoted/dotted keys.
        ("", [String: TOMLValue]()),
        ("# only a comment\n\n  \t\n", [:]),
        ("a = 1 # trailing comment\n", ["a": .integer(1)]),
        ("a = 1", ["a": .integer(1)]),
        ("a = 1\r\nb = 2\r\n", ["a": .integer(1), "b": .integer(2)]),
        ("\u{FEFF}a = 1\n", ["a": .integer(1)]),
        ("bare_key-1 = true\n", ["bare_key-1": .boolean(true)]),
        ("\"quoted key\" = 1\n'lit.key' = 2\n", ["quoted key": .integer(1), "lit.key": .integer(2)]),
        ("\"\" = 1\n", ["": .integer(1)]),
        ("a.b.c = 1\na.b.d = 2\n", ["a": .table(["b": .table(["c": .integer(1), "d": .integer(2)])])]),
        ("a . \"b c\" . 'd' = 1\n", ["a": .table(["b c": .table(["d": .integer(1)])])]),
        ("1234 = 5\n", ["1234": .integer(5)]),
        // Tables and arrays of tables.
        ("[redis]\nurl = \"x\"\n[exit]\nstop = 1.5\n", ["redis": .table(["url": .string("x")]), "exit": .table(["stop": .float(1.5)])]),
        ("[ a . b ]\nc = 1\n[a]\nd = 2\n", ["a": .table(["b": .table(["c": .integer(1)]), "d": .integer(2)])]),
        ("[x]\n[x.y]\n", ["x": .table(["y": .table([:])])]),
        ("[fruit]\napple.color = 1\n[fruit.apple.texture]\nsmooth = true\n",
         ["fruit": .table(["apple": .table(["color": .integer(1), "texture": .table(["smooth": .boolean(true)])])])]),
        ("[[r]]\nn = 1\n[[r]]\nn = 2\n", ["r": .array([.table(["n": .integer(1)]), .table(["n": .integer(2)])])]),
        ("[[a.r]]\n[a.r.s]\nk = 1\n[[a.r]]\n", ["a": .table(["r": .array([.table(["s": .table(["k": .integer(1)])]), .table([:])])])]),
        ("[[alerts.route]]\nname = \"a\"\n[[alerts.route]]\nname = \"b\"\n",
         ["alerts": .table(["route": .array([.table(["name": .string("a")]), .table(["name": .string("b")])])])]),
    ] as [(String, [String: TOMLValue])])
    func documentParses(text: String, expected: [String: TOMLValue]) {
        #expect(Self.parse(text) == expected)
    }

    @Test(arguments: [
        // Basic strings and their escapes.
        (#""plain""#, "plain"),
        (#""tab\tquote\"back\\slash\b\f\n\r""#, "tab\tquote\"back\\slash\u{8}\u{C}\n\r"),
        (#""\u00e9\U0001F600""#, "é😀"),
        ("\"é and tab\t\"", "é and tab\t"),
        // Literal strings: no escapes.
        (#"'C:\path\n'"#, #"C:\path\n"#),
        // Multi-line basic: first newline dropped, line-ending backslash, quotes at the end.
        ("\"\"\"\nline1\nline2\"\"\"", "line1\nline2"),
        ("\"\"\"one \\\n    two \\\n\n  three\"\"\"", "one two three"),
        ("\"\"\"a \\   \n b\"\"\"", "a b"),
        ("\"\"\"q \"\" in\"\"\"", "q \"\" in"),
        ("\"\"\"ends in \"\"\"\"\"", "ends in \"\""),
        ("\"\"\"\r\ncrlf\r\n\"\"\"", "crlf\r\n"),
        ("\"\"\"esc \\u0041\\t\"\"\"", "esc A\t"),
        // Multi-line literal.
        ("'''\nraw \\n 'q' ''\n'''", "raw \\n 'q' ''\n"),
        ("''''one quote''''", "'one quote'"),
        ("''''''", ""),
    ])
    func stringParses(literal: String, expected: String) {
        #expect(Self.parse("s = \(literal)\n") == ["s": .string(expected)])
    }

    @Test(arguments: [
        ("0", TOMLValue.integer(0)), ("+0", .integer(0)), ("-0", .integer(0)), ("42", .integer(42)), ("+17", .integer(17)),
        ("-17", .integer(-17)), ("1_000_000", .integer(1_000_000)), ("5_3_1", .integer(531)),
        ("9223372036854775807", .integer(Int.max)), ("-9223372036854775808", .integer(Int.min)),
        ("0xDEAD_beef", .integer(0xDEAD_BEEF)), ("0o755", .integer(0o755)), ("0b1101", .integer(13)),
        ("1.5", .float(1.5)), ("+1.0", .float(1)), ("-0.01", .float(-0.01)), ("5e+22", .float(5e22)),
        ("1e06", .float(1e6)), ("-2E-2", .float(-0.02)), ("6.626e-34", .float(6.626e-34)), ("224_617.445_991", .float(224_617.445_991)),
        ("0.0", .float(0)), ("0e0", .float(0)), ("inf", .float(.infinity)), ("+inf", .float(.infinity)), ("-inf", .float(-.infinity)),
        ("true", .boolean(true)), ("false", .boolean(false)),
    ])
    func scalarParses(literal: String, expected: TOMLValue) {
        #expect(Self.parse("v = \(literal)\n") == ["v": expected])
    }

    @Test
    func nanParses() {
        guard case .float(let d)? = Self.parse("v = -nan\nw = nan\n")?["v"] else { Issue.record("no float"); return }
        #expect(d.isNaN)
    }

    @Test(arguments: [
        ("[]", TOMLValue.array([])),
        ("[1, 2, 3]", .array([.integer(1), .integer(2), .integer(3)])),
        ("[1, \"a\", 2.5, [true], {x = 1}]", .array([.integer(1), .string("a"), .float(2.5), .array([.boolean(true)]), .table(["x": .integer(1)])])),
        ("[\n  1, # one\n  2,\n\n  # comment line\n]", .array([.integer(1), .integer(2)])),
        ("[ [1, 2], [] ]", .array([.array([.integer(1), .integer(2)]), .array([])])),
        ("{}", .table([:])),
        ("{ a = 1, b.c = \"x\", 'd' = [1] }", .table(["a": .integer(1), "b": .table(["c": .string("x")]), "d": .array([.integer(1)])])),
        ("{ t = { u = 1 } }", .table(["t": .table(["u": .integer(1)])])),
    ])
    func compoundValueParses(literal: String, expected: TOMLValue) {
        #expect(Self.parse("v = \(literal)\n") == ["v": expected])
    }

    @Test(arguments: [
        // Syntax.
        ("a = 1 b = 2\n", "syntax", 1), ("a\n", "syntax", 1), ("= 1\n", "syntax", 1), ("a = \n", "syntax", 1),
        ("a = 1\n[redis\nurl = 1\n", "syntax", 2), ("[a]]\n", "syntax", 1), ("[[a]\n", "syntax", 1), ("[]\n", "syntax", 1),
        ("[ [a] ]\n", "syntax", 1), ("a = [1 2]\n", "syntax", 1), ("a = [1,,]\n", "syntax", 1), ("a = [1\n", "syntax", 2),
        ("a = {b = 1,}\n", "syntax", 1), ("a = {b = 1\n}\n", "syntax", 1), ("a = {\nb = 1}\n", "syntax", 1),
        ("a = truee\n", "syntax", 1), ("a = TRUE\n", "invalid_number", 1), ("a.\n= 1\n", "syntax", 1),
        ("a = 1 # bell \u{7}\n", "syntax", 1), ("\"\"\"k\"\"\" = 1\n", "syntax", 1), ("a = 1\r", "syntax", 1),
        ("key with space = 1\n", "syntax", 1),
        // Strings.
        ("a = \"open\n", "invalid_string", 1), ("a = 'open\n", "invalid_string", 1), ("a = \"\"\"open\n", "invalid_string", 1),
        ("a = '''open\n", "invalid_string", 1), (#"a = "\x41""#, "invalid_string", 1), (#"a = "\e""#, "invalid_string", 1),
        (#"a = "\u12""#, "invalid_string", 1), (#"a = "\uD800""#, "invalid_string", 1), (#"a = "\U00110000""#, "invalid_string", 1),
        ("a = \"nul \u{0}\"\n", "invalid_string", 1), ("a = 'del \u{7F}'\n", "invalid_string", 1),
        ("a = \"\"\"x\ry\"\"\"\n", "invalid_string", 1), ("a = \"\"\"x\"\"\"\"\"\"\n", "syntax", 1),
        // Numbers.
        ("a = 01\n", "invalid_number", 1), ("a = 1__0\n", "invalid_number", 1), ("a = _1\n", "invalid_number", 1),
        ("a = 1_\n", "invalid_number", 1), ("a = 9223372036854775808\n", "invalid_number", 1), ("a = +0x10\n", "invalid_number", 1),
        ("a = 0X10\n", "invalid_number", 1), ("a = 0o8\n", "invalid_number", 1), ("a = 0b2\n", "invalid_number", 1),
        ("a = 1.\n", "invalid_number", 1), ("a = .5\n", "invalid_number", 1), ("a = 1e\n", "invalid_number", 1),
        ("a = 1.5e1e2\n", "invalid_number", 1), ("a = 01.5\n", "invalid_number", 1), ("a = 1._5\n", "invalid_number", 1),
        ("a = 1e400\n", "invalid_number", 1), ("a = Inf\n", "invalid_number", 1), ("a = 12abc\n", "invalid_number", 1),
        // Duplicates and redefinitions.
        ("a = 1\na = 2\n", "duplicate_key", 2), ("a = 1\n\"a\" = 2\n", "duplicate_key", 2), ("a.b = 1\na.b = 2\n", "duplicate_key", 2),
        ("a = {b = 1, b = 2}\n", "duplicate_key", 1), ("[t]\nx = 1\n[t]\n", "table_redefined", 3),
        ("[t]\n[t.u]\n[t.u]\n", "table_redefined", 3), ("a = 1\n[a]\n", "table_redefined", 2),
        ("a = 1\na.b = 2\n", "table_redefined", 2), ("[fruit]\napple.color = 1\n[fruit.apple]\n", "table_redefined", 3),
        ("[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n", "table_redefined", 4), ("a = {b = 1}\na.c = 2\n", "table_redefined", 2),
        ("a = {b = 1}\n[a.c]\n", "table_redefined", 2), ("[[r]]\n[r]\n", "table_redefined", 2), ("[r]\n[[r]]\n", "table_redefined", 2),
        ("r = []\n[[r]]\n", "table_redefined", 2), ("[[a.b]]\n[a]\nb.y = 2\n", "table_redefined", 3),
        ("[product]\ntype.name = 1\ntype = {edible = false}\n", "duplicate_key", 3),
        // Dates and times.
        ("d = 1979-05-27\n", "unsupported_datetime", 1), ("d = 1979-05-27T07:32:00Z\n", "unsupported_datetime", 1),
        ("d = 07:32:00\n", "unsupported_datetime", 1), ("d = [1979-05-27 07:32:00]\n", "unsupported_datetime", 1),
    ])
    func documentRejected(text: String, reason: String, line: Int) {
        switch TOMLParser.parse(text) {
        case .success(let table): Issue.record("accepted \(text.debugDescription) as \(table)")
        case .failure(let error):
            #expect(error.reason == reason, "\(text.debugDescription): \(error)")
            #expect(error.line == line, "\(text.debugDescription): \(error)")
        }
    }

    @Test
    func deepNestingIsAnErrorNotACrash() throws {
        let deep = "a = " + String(repeating: "[", count: 100_000)
        guard case .failure(let error) = TOMLParser.parse(deep) else { Issue.record("parsed"); return }
        #expect(error.reason == "nesting")
        let inline = "a = " + String(repeating: "{ b = ", count: 40) + "1" + String(repeating: " }", count: 40)
        guard case .failure(let e2) = TOMLParser.parse(inline) else { Issue.record("parsed"); return }
        #expect(e2.reason == "nesting")
        let fine = "a = " + String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        #expect(Self.parse(fine) != nil)
    }

    @Test
    func errorPositionNamesLineAndColumn() throws {
        let error = try #require(TOMLParser.parse("[redis]\nurl = \"x\"\nport = 12abc\n").failure)
        #expect((error.line, error.column) == (3, 8))
        #expect(error.description == "line 3, column 8: invalid number or value")
    }

    @Test
    func shippedFilesParse() {
        let config = Self.parse("[redis]\nurl = \"redis://127.0.0.1:6379/0\"\nconnect_timeout_ms = 2000\n[exit]\ntake_profit_pct = 2.5\n")
        #expect(config?["exit"]?.table?["take_profit_pct"] == .float(2.5))
        #expect(config?["redis"]?.table?["connect_timeout_ms"]?.configValue == .integer(2000))
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }
}
