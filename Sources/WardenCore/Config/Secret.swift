/// A secret value that never prints itself: `description` is always redacted.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself; read it only where it is used (signing, a request header).
    public let value: String
    /// Where it came from, for `warden check` ("credential binance-api-key", "env BINANCE_API_KEY").
    public let source: String

    public init(_ value: String, source: String) {
        self.value = value
        self.source = source
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}

/// The secrets Warden reads outside the config file.
public struct Secrets: Sendable, Hashable {
    public var binanceAPIKey: Secret?
    public var binanceAPISecret: Secret?
    /// Credential files the alert routes name (`url_credential`, `routing_key_credential`), by file name.
    public var credentials: [String: Secret]

    public init(binanceAPIKey: Secret? = nil, binanceAPISecret: Secret? = nil, credentials: [String: Secret] = [:]) {
        self.binanceAPIKey = binanceAPIKey
        self.binanceAPISecret = binanceAPISecret
        self.credentials = credentials
    }

    /// The secret a source path names (`binance.api_key`).
    public subscript(path path: String) -> Secret? {
        get { path == "binance.api_key" ? binanceAPIKey : binanceAPISecret }
        set { if path == "binance.api_key" { binanceAPIKey = newValue } else { binanceAPISecret = newValue } }
    }

    /// Where each secret is looked up: (config path for problems, credential file name, environment variable).
    public static let sources: [(path: String, credential: String, environment: String)] = [
        ("binance.api_key", "binance-api-key", "BINANCE_API_KEY"),
        ("binance.api_secret", "binance-api-secret", "BINANCE_API_SECRET"),
    ]
}
