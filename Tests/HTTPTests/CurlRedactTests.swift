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
}
