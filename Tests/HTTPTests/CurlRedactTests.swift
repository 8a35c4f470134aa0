@testable import HTTP
import Testing

/// The redaction of URLs in libcurl's error texts, which now searches bytes before replacing.
struct CurlRedactTests {
    static let url = "https://user:pw@fapi.example.com/fapi/v2/positionRisk?timestamp=1&signature=abc"

    @Test(arguments: [
        ("Failed to connect to fapi.example.com port 443 after 0 ms: Couldn't connect to server",
         "Failed to connect to fapi.example.com port 443 after 0 ms: Couldn't connect to server"),
        ("URL rejected: \(url)", "URL rejected: <redacted>"),
        ("bad path /fapi/v2/positionRisk?timestamp=1&signature=abc here", "bad path <redacted> here"),
        ("login user:pw refused", "login <redacted> refused"),
        ("", ""),
        ("é ünïcode without the url", "é ünïcode without the url"),
    ])
    func secretsAreReplacedAndOtherTextIsKept(text: String, expected: String) {
        #expect(Curl.redact(text, url: Self.url) == expected)
    }

    @Test(arguments: [("abc", "xxabcxx", true), ("abc", "ab", false), ("é", "café", true), ("e", "café", false),
                      ("", "x", true), ("x", "", false)])
    func occursFindsBytes(needle: String, haystack: String, expected: Bool) {
        #expect(Curl.occurs(needle, in: haystack) == expected)
    }

    @Test(arguments: [
        ("https://user:pw@fapi.example.com/fapi/v2/positionRisk?x=1", "https://fapi.example.com"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://h?q=1", "http://h"), ("http://h#frag", "http://h"), ("http://a@b@c/p", "http://c"),
        ("http://h:1/é?ü", "http://h:1"), ("svn+ssh.x-y://h/", "svn+ssh.x-y://h"),
        ("no-scheme", "<unparsed url>"), ("://host", "<unparsed url>"), ("ht tp://h", "<unparsed url>"),
        ("hé://h", "<unparsed url>"), ("http:/h", "<unparsed url>"), ("", "<unparsed url>"),
    ])
    func originKeepsOnlySchemeHostAndPort(url: String, expected: String) {
        #expect(Curl.origin(of: url) == expected)
    }

    @Test func aPathOfOneSlashIsNotASecret() {
        #expect(Curl.redact("GET / of u:p@h failed", url: "http://u:p@h/") == "GET / of <redacted>@h failed")
        #expect(Curl.redact("no url here", url: "not a url") == "no url here")
    }
}
