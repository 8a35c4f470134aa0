internal import CCurl
import Glibc

/// Namespace for the libcurl adapter: its error type and process-wide set-up.
public enum Curl {}

extension Curl {
    /// `curl_global_init(CURL_GLOBAL_DEFAULT)`'s result; the lazy `static let` runs it once per process.
    static let globalInitCode: UInt32 = warden_curl_global_init_default().rawValue

    /// The URL reduced to `scheme://host[:port]`: no user info, path, query or fragment (they may hold secrets).
    static func origin(of url: String) -> String {
        guard let separator = url.firstRange(of: "://") else { return "<unparsed url>" }
        let scheme = url[..<separator.lowerBound]
        guard !scheme.isEmpty, scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return "<unparsed url>" }
        let authority = url[separator.upperBound...].prefix { !"/?#".contains($0) }
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        return "\(scheme)://\(hostAndPort)"
    }

    /// `text` with every part of `url` beyond its origin (user info, path, query) replaced by `<redacted>`.
    static func redact(_ text: String, url: String) -> String {
        var text = text
        var secrets = [url]
        if let separator = url.firstRange(of: "://") {
            let afterScheme = url[separator.upperBound...]
            let authority = afterScheme.prefix { !"/?#".contains($0) }
            let tail = afterScheme.dropFirst(authority.count)
            if tail.count > 1 { secrets.append(String(tail)) }
            if let at = authority.lastIndex(of: "@") { secrets.append(String(authority[..<at])) }
        }
        for secret in secrets where !secret.isEmpty && occurs(secret, in: text) {
            text = text.replacing(secret, with: "<redacted>")
        }
        return text
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
