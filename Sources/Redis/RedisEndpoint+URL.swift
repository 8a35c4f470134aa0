extension RedisEndpoint {
    /// Parses `redis://[[user]:password@]host[:port][/db]` (port 6379, db 0 by default) or
    /// `unix://[[user]:password@]/path/to/socket[?db=N]`. User and password may be percent-encoded.
    ///
    /// Errors have reason `bad_url` and say which part is wrong without echoing it, so a password
    /// in a mangled URL never reaches a log.
    public init(url: String) throws(Redis.Error) {
        guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://") else {
            throw bad("missing scheme (expected redis:// or unix://)")
        }
        let scheme = url[..<colon].lowercased()
        var rest = url[url.index(colon, offsetBy: 3)...]
        guard !rest.contains("#") else { throw bad("URL fragments (#) are not supported") }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<slash]
        let path = rest[slash...]
        var username: String?
        var password: String?
        if let at = authority.lastIndex(of: "@") {
            (username, password) = try Self.credentials(authority[..<at])
            authority = authority[authority.index(after: at)...]
        }
        switch scheme {
        case "redis":
            guard query.isEmpty else { throw bad("query parameters are not supported on redis:// URLs") }
            let (host, port) = try Self.hostAndPort(authority)
            let database = try Self.database(path == "/" ? "" : path.dropFirst())
            self.init(address: .tcp(host: host, port: port), database: database, username: username, password: password)
        case "unix":
            guard authority.isEmpty else { throw bad("unix socket URLs take no host (use unix:///path/to/socket)") }
            guard path.count > 1, let socketPath = Self.percentDecoded(path) else {
                throw bad("unix socket path is missing")
            }
            var database = 0
            for parameter in query.split(separator: "&") {
                guard parameter.hasPrefix("db=") else { throw bad("unsupported query parameter (only db=N)") }
                database = try Self.database(parameter.dropFirst(3))
            }
            self.init(address: .unix(path: socketPath), database: database, username: username, password: password)
        case "rediss":
            throw bad("TLS (rediss://) is not supported")
        default:
            throw bad("unsupported scheme (expected redis:// or unix://)")
        }
    }

    private static func credentials(_ userinfo: Substring) throws(Redis.Error) -> (String?, String?) {
        guard let colon = userinfo.firstIndex(of: ":") else {
            throw bad("user name without a password (use redis://:password@host or user:password@)")
        }
        guard let user = percentDecoded(userinfo[..<colon]),
              let password = percentDecoded(userinfo[userinfo.index(after: colon)...])
        else { throw bad("bad percent-encoding in the user or password") }
        guard !password.isEmpty else {
            if user.isEmpty { return (nil, nil) }
            throw bad("user name without a password")
        }
        return (user.isEmpty ? nil : user, password)
    }

    private static func hostAndPort(_ authority: Substring) throws(Redis.Error) -> (String, Int) {
        var host = authority
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw bad("unterminated [IPv6] host") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw bad("unexpected text after [IPv6] host") }
                port = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            guard authority[authority.index(after: colon)...].firstIndex(of: ":") == nil else {
                throw bad("an IPv6 host must be in brackets")
            }
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        }
        guard !host.isEmpty else { throw bad("host is empty") }
        guard let port else { return (String(host), 6379) }
        guard port.count <= 5, port.allSatisfy(\.isASCIIDigitForURL), let number = Int(port), (1...65535).contains(number)
        else { throw bad("port must be a number from 1 to 65535") }
        return (String(host), number)
    }

    private static func database(_ text: Substring) throws(Redis.Error) -> Int {
        if text.isEmpty { return 0 }
        guard text.count <= 9, text.allSatisfy(\.isASCIIDigitForURL), let number = Int(text) else {
            throw bad("database must be a non-negative integer")
        }
        return number
    }

    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue)
            else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

private func bad(_ detail: String) -> Redis.Error {
    Redis.Error(.badURL, detail)
}

extension Character {
    fileprivate var isASCIIDigitForURL: Bool { ("0"..."9").contains(self) }
}
