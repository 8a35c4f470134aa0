/// Where a Redis server listens and how to log in to it; parsed from a `redis://` or `unix://` URL.
public struct RedisEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// A TCP host and port, or a unix socket path.
    public enum Address: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case unix(path: String)
    }

    public var address: Address
    /// The database selected after connecting (`SELECT`, skipped for 0).
    public var database: Int
    /// The ACL user for `AUTH user password`; nil means `AUTH password` (the default user).
    public var username: String?
    /// Never printed: `description` shows `***` in its place.
    public var password: String?

    public init(address: Address, database: Int = 0, username: String? = nil, password: String? = nil) {
        self.address = address
        self.database = database
        self.username = username
        self.password = password
    }

    /// The endpoint as a URL with the password redacted.
    public var description: String {
        let credentials = self.password == nil ? "" : "\(self.username ?? ""):***@"
        switch self.address {
        case .tcp(let host, let port):
            let host = host.contains(":") ? "[\(host)]" : host
            return "redis://\(credentials)\(host):\(port)/\(self.database)"
        case .unix(let path):
            let query = self.database == 0 ? "" : "?db=\(self.database)"
            return "unix://\(credentials)\(path)\(query)"
        }
    }
}
