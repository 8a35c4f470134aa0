import HTTP
import Testing
import WardenTestSupport

/// Connection reuse, time limits, and blocking transfers that stay off Swift's cooperative pool.
///
/// "Isolated" in the suite name: `make test` runs these alone, one at a time, so that CPU-heavy
/// tests elsewhere in the process cannot make their wall-clock assertions flaky.
struct HTTPClientIsolatedTests {
    @Test(.timeLimit(.minutes(1)))
    func slowAnswerPastTheTotalTimeoutFailsWithTimeout() async throws {
        let server = try TestHTTPServer { _ in .init(text: "late", delay: .seconds(3)) }
        defer { server.stop() }
        let clock = ContinuousClock()
        let start = clock.now

        let error = await #expect(throws: Curl.Error.self) {
            try await HTTPClient().send(HTTPRequest(get: server.url("/slow"), totalTimeout: .milliseconds(500)))
        }

        let elapsed = clock.now - start
        #expect(error?.reason == "timeout")
        #expect(elapsed >= .milliseconds(450))
        #expect(elapsed < .milliseconds(1500))
    }

    @Test(.timeLimit(.minutes(1)))
    func refusedConnectionFailsFastWithConnect() async throws {
        let port = try TestHTTPServer.unusedPort()
        let clock = ContinuousClock()
        let start = clock.now

        let error = await #expect(throws: Curl.Error.self) {
            try await HTTPClient().send(HTTPRequest(get: "http://127.0.0.1:\(port)/"))
        }

        #expect(error?.reason == "connect")
        #expect(clock.now - start < .milliseconds(500))
    }

    @Test(.timeLimit(.minutes(1)))
    func sequentialRequestsReuseOneConnection() async throws {
        let server = try TestHTTPServer { request in .init(text: request.path) }
        defer { server.stop() }
        let client = HTTPClient()

        for index in 0..<50 {
            let response = try await client.send(HTTPRequest(get: server.url("/n/\(index)")))
            #expect(response.status == 200)
            #expect(response.text == "/n/\(index)")
        }

        #expect(server.requests.count == 50)
        #expect(Set(server.requests.map(\.connection)).count == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func slowTransfersLeaveTheCooperativePoolFree() async throws {
        let server = try TestHTTPServer { _ in .init(text: "slow", delay: .milliseconds(1500)) }
        defer { server.stop() }
        let clients = (0..<4).map { HTTPClient(label: "test.http.slow.\($0)") }
        let clock = ContinuousClock()

        try await withThrowingTaskGroup(of: ContinuousClock.Instant.self) { group in
            for client in clients {
                group.addTask {
                    _ = try await client.send(HTTPRequest(get: server.url("/slow")))
                    return clock.now
                }
            }

            var maxLateness = Duration.zero
            for _ in 0..<20 {
                let before = clock.now
                try await Task.sleep(for: .milliseconds(50))
                maxLateness = max(maxLateness, clock.now - before - .milliseconds(50))
            }
            let loopEnd = clock.now
            let arrived = server.requests.count
            print("max sleep lateness with 4 transfers in flight: \(maxLateness)")

            #expect(arrived == 4)
            #expect(maxLateness < .milliseconds(20))
            // All four were in flight for the whole loop: they arrived before it ended and finished after it.
            for try await finished in group { #expect(finished > loopEnd) }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func hangingRouteDoesNotDelayAnotherRequest() async throws {
        let server = try TestHTTPServer { request in request.path == "/hang" ? .hang : .init(text: "fast") }
        defer { server.stop() }
        let clock = ContinuousClock()

        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    _ = try await HTTPClient().send(HTTPRequest(get: server.url("/hang"), totalTimeout: .seconds(20)))
                    return false
                } catch {
                    return true
                }
            }
            while !server.requests.contains(where: { $0.path == "/hang" }) { try await Task.sleep(for: .milliseconds(5)) }

            let start = clock.now
            let response = try await HTTPClient().send(HTTPRequest(get: server.url("/fast")))
            let elapsed = clock.now - start

            #expect(response.text == "fast")
            #expect(elapsed < .milliseconds(500))
            server.stop()  // Ends the hanging connection: its request fails instead of answering.
            #expect(try await group.next() == true)
        }
    }
}
