import Glibc
@testable import Systemd
import Testing

/// `UnitStateReader` without systemd: its errors. The reads themselves are checked against a real
/// systemd in `WardenTests/UnitStateReaderIsolatedTests`.
@Suite(.timeLimit(.minutes(1)))
struct UnitStateReaderTests {
    @Test
    func missingBusSocketIsReportedWithTheFunctionAndErrno() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        let reader = UnitStateReader(busAddress: "unix:path=\(directory)/no_bus_here")
        let error = try await #require(throws: UnitStateReader.Error.self) {
            try await reader.state(of: "trader.service")
        }
        guard case .call(let failure, let busError, _) = error else {
            Issue.record("expected a failed call, got \(error)")
            return
        }
        #expect(failure.function == "sd_bus_start")
        #expect(failure.errno == ENOENT)
        #expect(busError == nil)
        #expect(error.reason == "socket_missing")
        #expect(error.description.contains("sd_bus_start failed: errno 2"), "\(error)")
    }

    @Test(arguments: [
        (UnitStateReader.Error.unitNotFound(unit: "x.service"), "unit_not_found"),
        (.call(Systemd.Error(function: "sd_bus_call(LoadUnit)", errno: EACCES),
               busError: "org.freedesktop.DBus.Error.AccessDenied", busMessage: "denied"), "bus_error_reply"),
        (.call(Systemd.Error(function: "sd_bus_call(LoadUnit)", errno: ETIMEDOUT),
               busError: "org.freedesktop.DBus.Error.Timeout", busMessage: nil), "timeout"),
        (.call(Systemd.Error(function: "sd_bus_get_property_string(ActiveState)", errno: ECONNRESET),
               busError: nil, busMessage: nil), "disconnected"),
        (.call(Systemd.Error(function: "sd_bus_open_system", errno: ECONNREFUSED), busError: nil, busMessage: nil),
         "connection_refused"),
    ])
    func reasonsAreMetricSafeAndDetailsStayInTheDescription(error: UnitStateReader.Error, reason: String) {
        #expect(error.reason == reason)
        #expect(!error.reason.contains(" ") && !error.reason.contains("."))
        if case .call(let failure, let busError, _) = error {
            #expect(error.description.contains(failure.function))
            if let busError { #expect(error.description.contains(busError)) }
        }
    }

    @Test
    func onlyDisconnectsDropTheConnection() {
        let reset = UnitStateReader.Error.call(Systemd.Error(function: "sd_bus_call", errno: ECONNRESET), busError: nil, busMessage: nil)
        let denied = UnitStateReader.Error.call(Systemd.Error(function: "sd_bus_call", errno: EACCES),
                                                busError: "org.freedesktop.DBus.Error.AccessDenied", busMessage: nil)
        #expect(reset.breaksConnection)
        #expect(!denied.breaksConnection)
        #expect(!UnitStateReader.Error.unitNotFound(unit: "x.service").breaksConnection)
    }
}
