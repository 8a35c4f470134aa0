internal import CCurl
import Glibc

/// Namespace for the libcurl adapter: its error type and process-wide set-up.
public enum Curl {}

extension Curl {
    /// `curl_global_init(CURL_GLOBAL_DEFAULT)`'s result; the lazy `static let` runs it once per process.
    static let globalInitCode: UInt32 = warden_curl_global_init_default().rawValue

    /// The URL reduced to `scheme://host[:port]`: no user info, path, query or fragment (they may hold secrets).
    static func origin(of url: String) -> String {
        guard let (scheme, authority, _) = split(url), !scheme.isEmpty,
              scheme.utf8.allSatisfy({ $0 &- 0x30 < 10 || ($0 | 0x20) &- 0x61 < 26 || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E })
        else { return "<unparsed url>" }
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        return "\(scheme)://\(hostAndPort)"
    }

    /// `text` with every part of `url` beyond its origin (user info, path, query) replaced by `<redacted>`.
    static func redact(_ text: String, url: String) -> String {
        var text = text
        var secrets = [url]
        if let (_, authority, tail) = split(url) {
            if tail.utf8.count > 1 { secrets.append(String(tail)) }
            if let at = authority.utf8.lastIndex(of: UInt8(ascii: "@")) { secrets.append(String(authority[..<at])) }
        }
        for secret in secrets where !secret.isEmpty && occurs(secret, in: text) {
            text = text.replacing(secret, with: "<redacted>")
        }
        return text
    }

    /// `scheme://authority tail`, split at the first `://` and the first `/`, `?` or `#` after it;
    /// nil without a `://`. Searched in the UTF-8 bytes: this runs for every failed request (every
    /// second while the exchange is down), and the generic string searches were most of its cost.
    static func split(_ url: String) -> (scheme: Substring, authority: Substring, tail: Substring)? {
        let bytes = url.utf8
        var i = bytes.startIndex
        while i != bytes.endIndex {
            if bytes[i] == UInt8(ascii: ":"), bytes[i...].starts(with: "://".utf8) { break }
            bytes.formIndex(after: &i)
        }
        guard i != bytes.endIndex else { return nil }
        let start = bytes.index(i, offsetBy: 3)
        let end = bytes[start...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.endIndex
        return (url[..<i], url[start..<end], url[end...])
    }

    /// Whether `needle` occurs in `haystack`, searched in their UTF-8 bytes. Most error texts do
    /// not quote the URL (a refused connection, every second while the exchange is down): they
    /// cost one byte scan, not a generic `replacing` per secret.
    static func occurs(_ needle: String, in haystack: String) -> Bool {
        var haystack = haystack, needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard let first = n.first else { return true }
                guard h.count >= n.count else { return false }
                for i in 0...(h.count - n.count) where h[i] == first {
                    if memcmp(h.baseAddress! + i, n.baseAddress!, n.count) == 0 { return true }
                }
                return false
            }
        }
    }
}
