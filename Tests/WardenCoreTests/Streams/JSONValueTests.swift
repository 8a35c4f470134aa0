import Testing
import WardenCore

struct JSONValueTests {
    @Test(arguments: [
        ("plain", #""plain""#), ("", #""""#), ("é and 😀", "\"é and 😀\""), ("a\"b", #""a\"b""#), ("back\\slash", #""back\\slash""#),
        ("tab\t", #""tab\t""#), ("line\n\r", #""line\n\r""#), ("bell\u{7}", #""bell\u0007""#), ("del\u{7F}", #""del\u007f""#),
        ("S100000USDT", #""S100000USDT""#),
    ])
    func stringsAreEscapedOnlyWhereNeeded(text: String, json: String) {
        #expect(JSONValue.string(text).jsonText == json)
    }

    @Test
    func parsesNestedDocument() {
        let v = JSONValue.parse(Array(#" {"a":[1,-2.5e2,true,null],"b":{"c":"x\"y\u00e9\ud83d\ude00"}} "#.utf8))
        #expect(v == .object(["a": .array([.number(1), .number(-250), .bool(true), .null]),
                              "b": .object(["c": .string("x\"yé😀")])]))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\":}", "01", "1.", "-", "\"\u{1}\"", "tru", "{} x", "\"\\ud800\"", "1e999",
                      String(repeating: "[", count: 100) + String(repeating: "]", count: 100)])
    func rejectsMalformed(text: String) {
        #expect(JSONValue.parse(Array(text.utf8)) == nil)
    }

    @Test
    func rejectsInvalidUTF8InsideStrings() {
        #expect(JSONValue.parse([0x22, 0xC3, 0x28, 0x22]) == nil)
    }

    @Test
    func scalarTextKeepsIntegersPlain() {
        #expect(JSONValue.number(65000).scalarText == "65000")
        #expect(JSONValue.number(0.5).scalarText == "0.5")
    }
}
