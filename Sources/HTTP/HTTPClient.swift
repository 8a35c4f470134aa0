internal import Blocking

/// An HTTP/1.1 client over one reused libcurl easy handle, so connections are kept alive between calls.
///
/// Calls are serialised. `curl_easy_perform` blocks, so the actor runs on its own `BlockingExecutor`
/// (a dispatch queue), never on Swift's cooperative pool; every call is bounded by the request's
/// `totalTimeout`. Use one client per independent caller so that a slow peer delays only its own calls.
public actor HTTPClient {
    nonisolated let executor: BlockingExecutor
    /// Created on first use, so that set-up failures surface as a `Curl.Error` from `send`.
    private var handle: CurlHandle?

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// - Parameter label: names the dispatch queue the client's blocking calls run on.
    public init(label: String = "warden.http") {
        self.executor = BlockingExecutor(label: label)
    }

    /// Sends `request` and returns the response, whatever its status.
    ///
    /// Throws only when no complete response arrived: see `Curl.Error.reason`.
    public func send(_ request: HTTPRequest) async throws(Curl.Error) -> HTTPResponse {
        if let handle { return try handle.perform(request) }
        let handle = try CurlHandle.make()
        self.handle = handle
        return try handle.perform(request)
    }
}
