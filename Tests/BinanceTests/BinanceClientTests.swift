import Foundation
import Glibc
import Binance
import Synchronization
import Testing
import WardenCore
import WardenTestSupport

/// The client against a real local HTTP server answering like Binance (recorded answer shapes).
@Suite(.timeLimit(.minutes(1)))
struct BinanceClientTests {
    static let secret = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9"

    func client(_ server: TestHTTPServer, key: String? = "test-key") -> BinanceClient {
        BinanceClient(configuration: .init(
            baseURL: server.url(""), apiKey: key.map { Secret($0, source: "test") },
            apiSecret: key == nil ? nil : Secret(Self.secret, source: "test"), recvWindow: .seconds(5), timeout: .seconds(2)))
    }

    /// True when `query` ends with a valid signature over everything before it.
    static func signatureIsValid(_ query: Substring) -> Bool {
        guard let range = query.range(of: "&signature=") else { return false }
        let payload = query[..<range.lowerBound], signature = query[range.upperBound...]
        return HMACSHA256.hex(key: Array(secret.utf8), message: Array(payload.utf8)) == signature
    }

    @Test
    func positionRiskIsSignedAndParsed() async throws {
        let server = try TestHTTPServer { req in
            guard req.path.hasPrefix("/fapi/v2/positionRisk?"), req.header("X-MBX-APIKEY") == "test-key",
                  Self.signatureIsValid(req.path.split(separator: "?", maxSplits: 1)[1])
            else { return .init(status: 400, text: #"{"code":-1022,"msg":"Signature for this request is not valid."}"#) }
            return .init(text: #"[{"symbol":"BTCUSDT","positionAmt":"0.5","entryPrice":"65000","leverage":"10","positionSide":"BOTH"}]"#)
        }
        let positions = try await client(server).positionRisk()
        #expect(positions == [ExchangePosition(symbol: "BTCUSDT", side: .long, quantity: 0.5, entryPrice: 65000, leverage: 10)])
        let path = try #require(server.requests.first?.path)
        #expect(path.contains("recvWindow=5000&timestamp="))
    }

    @Test
    func invalidTimestampResyncsTheClockAndRetriesOnce() async throws {
        let serverAhead: Int64 = 3_000
        let server = try TestHTTPServer { req in
            let now = SystemClockForTests.milliseconds() + serverAhead
            if req.path.hasPrefix("/fapi/v1/time") { return .init(text: #"{"serverTime":\#(now)}"#) }
            let ts = req.path.components(separatedBy: "timestamp=").last.flatMap { Int64($0.prefix(13)) } ?? 0
            guard abs(ts - now) < 1_000 else {
                return .init(status: 400, text: #"{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}"#)
            }
            return .init(text: #"{"dualSidePosition":false}"#)
        }
        let c = client(server)
        #expect(try await c.dualSidePosition() == false)
        let offset = await c.clockOffset
        #expect(abs(offset.wholeMilliseconds - serverAhead) < 500, "offset \(offset)")
        #expect(server.requests.map { $0.path.prefix(26) } == ["/fapi/v1/positionSide/dual", "/fapi/v1/time", "/fapi/v1/positionSide/dual"])
    }

    @Test
    func persistentInvalidTimestampIsNotALoop() async throws {
        let server = try TestHTTPServer { req in
            req.path.hasPrefix("/fapi/v1/time") ? .init(text: #"{"serverTime":1}"#)
                : .init(status: 400, text: #"{"code":-1021,"msg":"Timestamp outside recvWindow"}"#)
        }
        await #expect(throws: Binance.Error.self) { try await client(server).positionRisk() }
        #expect(server.requests.count == 3, "one call, one resync, one retry")
    }

    @Test
    func rateLimitBacksOffWithoutCallingAgain() async throws {
        let server = try TestHTTPServer { _ in .init(status: 429, headers: [.init("Retry-After", "30")], text: "") }
        let c = client(server)
        do { _ = try await c.markPrices(); Issue.record("no error") } catch { #expect(error.reason == .rateLimited) }
        do { _ = try await c.markPrices(); Issue.record("no error") } catch { #expect(error.reason == .rateLimited) }
        #expect(server.requests.count == 1)
    }

    @Test
    func apiErrorCarriesTheCode() async throws {
        let server = try TestHTTPServer { _ in .init(status: 400, text: #"{"code":-2022,"msg":"ReduceOnly Order is rejected."}"#) }
        do { _ = try await client(server).positionRisk(); Issue.record("no error") } catch {
            #expect(error.reason == .api && error.code == -2022)
        }
    }

    @Test
    func signedCallWithoutCredentialsNeverLeavesTheProcess() async throws {
        let server = try TestHTTPServer { _ in .init(text: "[]") }
        do { _ = try await client(server, key: nil).positionRisk(); Issue.record("no error") } catch {
            #expect(error.reason == .noCredentials)
        }
        #expect(server.requests.isEmpty)
    }

    @Test
    func garbageAnswerIsAParseError() async throws {
        let server = try TestHTTPServer { _ in .init(text: "<html>maintenance</html>") }
        do { _ = try await client(server).positionRisk(); Issue.record("no error") } catch { #expect(error.reason == .parse) }
    }

    @Test
    func refusedConnectionIsATransportError() async throws {
        let port = try TestHTTPServer.unusedPort()
        let c = BinanceClient(configuration: .init(baseURL: "http://127.0.0.1:\(port)", apiKey: nil, apiSecret: nil))
        do { _ = try await c.markPrices(); Issue.record("no error") } catch { #expect(error.reason == .transport) }
    }
}

/// The wall clock as the test server sees it.
enum SystemClockForTests {
    static func milliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
