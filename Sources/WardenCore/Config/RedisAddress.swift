/// Where Redis is, parsed from `redis://[:password@]host[:port][/db]` or `unix:///path[?db=N]`.
///
/// Errors name what is wrong and never quote the URL, which may hold a password.
public enum RedisAddress: Sendable, Hashable {
    case tcp(host: String, port: Int, db: Int, password: String?)
    case unix(path: String, db: Int, password: String?)

    /// Parses `text`; the error is a message fit for a ``ConfigProblem``.
    public static func parse(_ text: String) -> Result<RedisAddress, AddressError> {
        if text.hasPrefix("unix://") {
            let rest = text.dropFirst("unix://".count)
            let (path, query) = rest.splitOnce("?")
            guard path.hasPrefix("/"), path.count > 1 else {
                return .failure(AddressError("unix:// needs an absolute socket path (unix:///run/redis/redis.sock)"))
            }
            var db = 0
            if let query {
                guard query.hasPrefix("db="), let n = Int(query.dropFirst(3)), (0...15).contains(n) else {
                    return .failure(AddressError("unix:// takes only ?db=N with N from 0 to 15"))
                }
                db = n
            }
            return .success(.unix(path: String(path), db: db, password: nil))
        }
        guard text.hasPrefix("redis://") else {
            return .failure(AddressError("must start with redis:// or unix://"))
        }
        var rest = Substring(text.dropFirst("redis://".count))
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userinfo = rest[..<at]
            password = userinfo.splitOnce(":").1.map(String.init) ?? String(userinfo)
            rest = rest[rest.index(after: at)...]
        }
        let (hostPort, dbPart) = rest.splitOnce("/")
        guard let (host, port) = HostPort.parse(hostPort, defaultPort: 6379) else {
            return .failure(AddressError("needs host[:port] with a port from 1 to 65535 after redis://"))
        }
        var db = 0
        if let dbPart, !dbPart.isEmpty {
            guard let n = Int(dbPart), (0...15).contains(n) else {
                return .failure(AddressError("database after the last / must be a number from 0 to 15"))
            }
            db = n
        }
        return .success(.tcp(host: host, port: port, db: db, password: password))
    }
}

/// Why an address did not parse; safe to print (it never contains the address).
public struct AddressError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// `host:port` and `[v6]:port` syntax shared by the address parsers.
enum HostPort {
    static func parse(_ text: Substring, defaultPort: Int?) -> (String, Int)? {
        var host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else {
            let (h, p) = text.splitOnce(":")
            host = h
            portText = p
        }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "/" || $0 == "@" }) else { return nil }
        let port: Int
        if let portText {
            guard let p = Int(portText), (1...65535).contains(p) else { return nil }
            port = p
        } else {
            guard let defaultPort else { return nil }
            port = defaultPort
        }
        return (String(host), port)
    }
}

extension StringProtocol {
    /// Splits at the first `separator`: (before, after) or (self, nil).
    func splitOnce(_ separator: Character) -> (Substring, Substring?) {
        let s = Substring(self)
        guard let i = s.firstIndex(of: separator) else { return (s, nil) }
        return (s[..<i], s[s.index(after: i)...])
    }
}
