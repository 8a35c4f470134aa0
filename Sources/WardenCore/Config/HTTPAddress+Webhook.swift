extension HTTPAddress {
    /// Checks a receiver URL: `http(s)://[user:pass@]host[:port][/path][?query]`, no fragment,
    /// no spaces or control characters. The message never quotes the URL (it may be a credential).
    public static func validateWebhookURL(_ text: String) -> AddressError? {
        guard let rest = afterScheme(text) else { return AddressError("must start with https:// or http://") }
        guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "#" }) else {
            return AddressError("must not contain spaces, control characters or a fragment")
        }
        guard HostPort.parse(hostPort(rest), defaultPort: 443) != nil else {
            return AddressError("needs a host and, if given, a port from 1 to 65535")
        }
        return nil
    }

    /// `scheme://host[:port]` of a URL, without user info, path or query; `<invalid url>` if it has none.
    public static func origin(of text: String) -> String {
        guard let rest = afterScheme(text) else { return "<invalid url>" }
        let scheme = text.hasPrefix("https://") ? "https" : "http"
        return "\(scheme)://\(hostPort(rest))"
    }

    /// The URL as it may be shown: its origin, plus `/<redacted>` if it has anything beyond it.
    public static func redacted(_ text: String) -> String {
        let origin = origin(of: text)
        guard let rest = afterScheme(text) else { return origin }
        return rest == hostPort(rest) ? origin : origin + "/<redacted>"
    }

    private static func afterScheme(_ text: String) -> Substring? {
        for scheme in ["https://", "http://"] where text.hasPrefix(scheme) { return text.dropFirst(scheme.count) }
        return nil
    }

    /// The authority without user info.
    private static func hostPort(_ rest: Substring) -> Substring {
        let authority = rest.prefix { !"/?#".contains($0) }
        guard let at = authority.lastIndex(of: "@") else { return authority }
        return authority[authority.index(after: at)...]
    }
}
