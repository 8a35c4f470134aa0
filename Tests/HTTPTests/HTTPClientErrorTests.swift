import HTTP
import Testing
import WardenTestSupport

/// Transfers that produce no response fail with a bounded `reason` and a description without secrets.
struct HTTPClientErrorTests {
    @Test(.timeLimit(.minutes(1)))
    func httpsToAPlainHTTPServerIsAnErrorNotAResponse() async throws {
        let server = try TestHTTPServer { _ in .init(text: "plain") }
        defer { server.stop() }

        let error = await #expect(throws: Curl.Error.self) {
            try await HTTPClient().send(HTTPRequest(get: "https://127.0.0.1:\(server.port)/", totalTimeout: .seconds(5)))
        }

        print("https to plain HTTP: \(error.map { "\($0.reason): \($0)" } ?? "no error")")
        #expect(error?.reason == "tls")
    }

    @Test(.timeLimit(.minutes(1)), arguments: ["ftp://127.0.0.1:1/file", "file:///etc/hostname", "gopher://127.0.0.1:1/"])
    func schemesOtherThanHTTPAreRefused(url: String) async throws {
        let error = await #expect(throws: Curl.Error.self) { try await HTTPClient().send(HTTPRequest(get: url)) }

        #expect(error?.reason == "bad_url")
    }

    /// With and without `Content-Length`: curl's own size check and the write callback's cap.
    @Test(.timeLimit(.minutes(1)), arguments: [true, false])
    func responseLargerThanTheLimitFailsWithTooLarge(includesContentLength: Bool) async throws {
        let server = try TestHTTPServer { _ in
            .init(body: [UInt8](repeating: 1, count: 256 * 1024), includesContentLength: includesContentLength)
        }
        defer { server.stop() }
        var request = HTTPRequest(get: server.url("/huge"))
        request.maxResponseBytes = 16 * 1024

        let error = await #expect(throws: Curl.Error.self) { try await HTTPClient().send(request) }

        #expect(error?.reason == "too_large")
    }

    @Test(.timeLimit(.minutes(1)), arguments: ["refused", "timeout", "malformed", "userinfo"])
    func descriptionsNeverContainThePathQueryOrCredentials(failure: String) async throws {
        let server = try TestHTTPServer { _ in .init(text: "late", delay: .seconds(3)) }
        defer { server.stop() }
        let refusedPort = try TestHTTPServer.unusedPort()
        let url = switch failure {
        case "refused": "http://127.0.0.1:\(refusedPort)/hooks/T0KEN-SECRET/x?key=QUERY-SECRET"
        case "timeout": server.url("/hooks/T0KEN-SECRET/x?key=QUERY-SECRET")
        case "malformed": "http://[::1/hooks/T0KEN-SECRET?key=QUERY-SECRET"
        default: "http://user:PASS-SECRET@127.0.0.1:\(refusedPort)/hooks/T0KEN-SECRET?key=QUERY-SECRET"
        }

        let error = await #expect(throws: Curl.Error.self) {
            try await HTTPClient().send(HTTPRequest(get: url, totalTimeout: .milliseconds(300)))
        }

        let description = try #require(error).description
        print("\(failure): \(description)")
        #expect(Curl.Error.reasons.contains(try #require(error).reason))
        #expect(description.contains("CURLcode"))
        for secret in ["T0KEN-SECRET", "QUERY-SECRET", "PASS-SECRET", "/hooks"] {
            #expect(!description.contains(secret))
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func headerWithALineBreakIsRejectedBeforeSending() async throws {
        let server = try TestHTTPServer { _ in .init() }
        defer { server.stop() }
        let injected = HTTPHeader("X-Note", "a\r\nX-Injected: 1")

        let error = await #expect(throws: Curl.Error.self) {
            try await HTTPClient().send(HTTPRequest(get: server.url(), headers: [injected]))
        }

        #expect(error?.reason == "internal")
        #expect(server.requests.isEmpty)
    }
}
