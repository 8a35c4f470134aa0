import Glibc
import HTTP
import PaperExchange
import Testing
import WardenCore
import WardenTestSupport

/// `warden paper-exchange` as a process: prints its address, answers, stops on SIGTERM with 0.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct PaperExchangeCommandTests {
    @Test
    func listensPrintsItsAddressAnswersAndExitsZeroOnSigterm() async throws {
        let process = try WardenProcess.start(["paper-exchange", "--listen", "127.0.0.1:0"])
        var url: String?
        let deadline = ContinuousClock.now + .seconds(20)
        while url == nil, ContinuousClock.now < deadline {
            if let line = process.output.split(separator: "\n").first(where: { $0.hasPrefix("paper-exchange listening on http://127.0.0.1:") }) {
                url = String(line.dropFirst("paper-exchange listening on ".count))
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        let base = try #require(url, "no address printed; output:\n\(process.output)")
        let port = Int(base.split(separator: ":").last ?? "") ?? 0
        #expect(port > 0)
        let response = try await HTTPClient().send(HTTPRequest(get: base + "/fapi/v1/time", totalTimeout: .seconds(5)))
        #expect(response.status == 200)
        let serverTime = try #require(BinanceParsing.serverTime(response.body))
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        #expect(abs(serverTime.milliseconds - (Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)) < 5000)
        let status = await process.stop(signal: SIGTERM, timeout: .seconds(15))
        #expect(status == 0, "output:\n\(process.output)")
    }

    @Test
    func badListenAddressExitsWithUsageError() throws {
        let result = try WardenProcess.run(["paper-exchange", "--listen", "nonsense"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--listen"))
    }
}
