/// Syntax checks for HTTP base URLs and listen addresses in the configuration.
public enum HTTPAddress {
    /// Checks an `http(s)://host[:port][/path]` base URL with no query or fragment.
    public static func validateBaseURL(_ text: String) -> AddressError? {
        let rest: Substring
        if text.hasPrefix("https://") {
            rest = text.dropFirst("https://".count)
        } else if text.hasPrefix("http://") {
            rest = text.dropFirst("http://".count)
        } else {
            return AddressError("must start with https:// (or http:// for a local paper exchange)")
        }
        guard !text.contains(where: { $0 == "?" || $0 == "#" || $0 == " " }) else {
            return AddressError("must not contain a query, fragment or space")
        }
        let (hostPort, _) = rest.splitOnce("/")
        guard HostPort.parse(hostPort, defaultPort: 443) != nil else {
            return AddressError("needs a host and, if given, a port from 1 to 65535")
        }
        return nil
    }

    /// Parses a `host:port` listen address (`127.0.0.1:8007`, `[::1]:8007`); port 0 picks a free one.
    public static func parseListen(_ text: String) -> (host: String, port: Int)? {
        if text.hasSuffix(":0"), let (host, _) = HostPort.parse(Substring(text.dropLast(2)) + ":1", defaultPort: nil) {
            return (host, 0)
        }
        return HostPort.parse(Substring(text), defaultPort: nil).map { (host: $0.0, port: $0.1) }
    }
}
