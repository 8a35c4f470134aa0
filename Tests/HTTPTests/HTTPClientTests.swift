import HTTP
import Testing
import WardenTestSupport

/// Successful exchanges with a real local HTTP server.
struct HTTPClientTests {
    @Test(.timeLimit(.minutes(1)))
    func getReturnsStatusBodyAndHeadersAndSendsRequestHeaders() async throws {
        let server = try TestHTTPServer { request in
            .init(status: 200, headers: [.init("X-Echo", request.header("X-Probe") ?? "missing")], text: "pong")
        }
        defer { server.stop() }

        let response = try await HTTPClient().send(
            HTTPRequest(get: server.url("/ping?symbol=BTCUSDT"), headers: [HTTPHeader("X-Probe", "probe-1")])
        )

        #expect(response.status == 200)
        #expect(response.text == "pong")
        #expect(response.header("x-echo") == "probe-1")
        #expect(response.totalTime > .zero)
        let received = try #require(server.requests.first)
        #expect(received.method == "GET")
        #expect(received.path == "/ping?symbol=BTCUSDT")
        #expect(received.header("x-probe") == "probe-1")
        #expect(received.header("Expect") == nil)
    }

    @Test(.timeLimit(.minutes(1)))
    func postSendsExactBytesAndContentType() async throws {
        let server = try TestHTTPServer { request in
            .init(status: 201, headers: [.init("Content-Type", "application/json")], body: request.body.reversed())
        }
        defer { server.stop() }
        // Over 1 KiB so that curl would add `Expect: 100-continue` if the client did not suppress it.
        let json = #"{"symbol":"BTCUSDT","action":"SELL","note":"ü\u0000","pad":"\#(String(repeating: "x", count: 2000))"}"#

        let response = try await HTTPClient().send(
            HTTPRequest(post: server.url("/hook"), headers: [HTTPHeader("Content-Type", "application/json")], body: json)
        )

        let received = try #require(server.requests.first)
        #expect(received.method == "POST")
        #expect(received.body == Array(json.utf8))
        #expect(received.header("Content-Type") == "application/json")
        #expect(received.header("Content-Length") == "\(json.utf8.count)")
        #expect(received.header("Expect") == nil)
        #expect(response.status == 201)
        #expect(response.body == Array(json.utf8).reversed())
    }

    @Test(.timeLimit(.minutes(1)), arguments: [
        (HTTPMethod.put, "put-body"), (HTTPMethod.delete, ""), (HTTPMethod.delete, "delete-body"), (HTTPMethod.post, ""),
    ])
    func methodAndBodyReachTheServer(method: HTTPMethod, body: String) async throws {
        let server = try TestHTTPServer { _ in .init(status: 204) }
        defer { server.stop() }

        let response = try await HTTPClient().send(
            HTTPRequest(method: method, url: server.url("/order"), body: Array(body.utf8))
        )

        #expect(response.status == 204)
        let received = try #require(server.requests.first)
        #expect(received.method == method.rawValue)
        #expect(received.text == body)
    }

    @Test(.timeLimit(.minutes(1)), arguments: [404, 429, 500, 503])
    func errorStatusesAreResponsesNotErrors(status: Int) async throws {
        let server = try TestHTTPServer { _ in .init(status: status, text: "status \(status)") }
        defer { server.stop() }

        let response = try await HTTPClient().send(HTTPRequest(get: server.url("/fapi/v1/order")))

        #expect(response.status == status)
        #expect(response.text == "status \(status)")
    }

    @Test(.timeLimit(.minutes(1)))
    func redirectsAreReturnedNotFollowed() async throws {
        let server = try TestHTTPServer { _ in .init(status: 302, headers: [.init("Location", "/elsewhere")]) }
        defer { server.stop() }

        let response = try await HTTPClient().send(HTTPRequest(get: server.url("/start")))

        #expect(response.status == 302)
        #expect(response.header("location") == "/elsewhere")
        #expect(server.requests.map(\.path) == ["/start"])
    }

    @Test(.timeLimit(.minutes(1)))
    func headerLookupIsCaseInsensitiveAndFirstValueWins() async throws {
        let server = try TestHTTPServer { _ in .init(headers: [.init("X-Dup", "first"), .init("x-dup", "second")]) }
        defer { server.stop() }

        let response = try await HTTPClient().send(HTTPRequest(get: server.url()))

        #expect(response.header("X-DUP") == "first")
        #expect(response.headers.filter { $0.name.lowercased() == "x-dup" }.map(\.value) == ["first", "second"])
    }

    @Test(.timeLimit(.minutes(1)))
    func bodyExactlyAtTheLimitIsAccepted() async throws {
        let server = try TestHTTPServer { _ in .init(body: [UInt8](repeating: 7, count: 4096), includesContentLength: false) }
        defer { server.stop() }
        var request = HTTPRequest(get: server.url("/big"))
        request.maxResponseBytes = 4096

        let response = try await HTTPClient().send(request)

        #expect(response.body.count == 4096)
    }
}
