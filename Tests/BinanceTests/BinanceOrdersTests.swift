@testable import Binance
import Testing
import WardenCore

/// How a failed `POST /fapi/v1/order` maps to the desk's answer: an outcome that may have
/// executed is `.unknown` (queried later), never `.rejected` or `.notExecuted`; only sure
/// failures are `.notExecuted` (retried after a pause).
struct BinanceOrdersTests {
    @Test(arguments: [
        (Binance.Error(.transport, "/fapi/v1/order: timeout"), "unknown"),
        (Binance.Error(.api, code: -1000, status: 503, "/fapi/v1/order: Unknown error, please check your request or try again later."), "unknown"),
        (Binance.Error(.api, code: -1007, status: 408, "/fapi/v1/order: Timeout waiting for response"), "unknown"),
        (Binance.Error(.httpStatus, status: 500, "/fapi/v1/order: oops"), "unknown"),
        (Binance.Error(.parse, "bad body"), "unknown"),
        (Binance.Error(.api, code: -1000, status: 503, "/fapi/v1/order: Service Unavailable."), "notExecuted"),
        (Binance.Error(.api, code: -1008, status: 503, "/fapi/v1/order: Request throttled by system-level protection."), "notExecuted"),
        (Binance.Error(.httpStatus, status: 503, "/fapi/v1/order: upstream connect error"), "unknown"),
        (Binance.Error(.api, code: -2022, status: 400, "/fapi/v1/order: ReduceOnly Order is rejected."), "rejected -2022"),
        (Binance.Error(.api, code: -1111, status: 400, "/fapi/v1/order: Precision is over the maximum"), "rejected -1111"),
        (Binance.Error(.api, code: -1021, status: 400, "/fapi/v1/order: Timestamp outside recvWindow"), "rejected -1021"),
        (Binance.Error(.rateLimited, status: 429, "told to back off"), "notExecuted"),
        (Binance.Error(.api, code: -1003, status: 429, "/fapi/v1/order: Too many requests"), "rejected -1003"),
        (Binance.Error(.noCredentials, "no key"), "rejected"),
    ])
    func failedOrderAnswers(_ error: Binance.Error, _ expected: String) {
        let answer = BinanceClient.orderAnswer(error)
        switch answer {
        case .unknown: #expect(expected == "unknown", "\(error)")
        case .notExecuted: #expect(expected == "notExecuted", "\(error)")
        case .rejected(let code, _):
            #expect(expected.hasPrefix("rejected"), "\(error)")
            if expected.count > 9 { #expect(expected == "rejected \(code)") }
        case .filled: Issue.record("an error cannot be a fill")
        }
    }
}
