import ArgumentParser
import HTTP
import WardenCore

/// `warden status [--url URL]`: read `/health` and print a short summary for a person.
///
/// Exit status: 0 healthy, 1 degraded, 2 unhealthy, 3 not reachable or not a Warden.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print Warden's health: 0 healthy, 1 degraded, 2 unhealthy, 3 unreachable.")

    @Option(help: "The /health URL.")
    var url: String = "http://127.0.0.1:8007/health"

    func run() async throws {
        let response: HTTPResponse
        do {
            response = try await HTTPClient(label: "warden.status").send(HTTPRequest(get: url, totalTimeout: .seconds(5)))
        } catch {
            printToStandardError("warden status: cannot reach \(url): \(error.reason)")
            throw ExitCode(3)
        }
        guard let report = HealthReport.parse(response.body) else {
            printToStandardError("warden status: \(url) answered HTTP \(response.status) without a Warden health report")
            throw ExitCode(3)
        }
        print(Self.summary(report, lastCheck: Self.lastCheck(response.body)))
        switch report.status {
        case .healthy: return
        case .degraded: throw ExitCode(1)
        case .unhealthy: throw ExitCode(2)
        }
    }

    static func lastCheck(_ body: [UInt8]) -> String {
        JSONValue.parse(body)?["last_check_time"]?.stringValue ?? "never"
    }

    /// The lines a person reads: status and why, the book, exits, then anything not OK.
    static func summary(_ r: HealthReport, lastCheck: String) -> String {
        var lines = ["Warden: \(r.status.rawValue.uppercased())" + (r.reasons.isEmpty ? "" : " — " + r.reasons.joined(separator: "; "))]
        lines.append("positions tracked: \(r.trackedPositions)   last check: \(lastCheck)")
        lines.append("exits: \(r.exitsTriggered) (tp \(r.tpHits), sl \(r.slHits), trailing \(r.trailingHits))   emergency closes: \(r.emergencyCloses)")
        let notOK = r.supervisors.filter { $0.value != "ok" }.sorted { $0.key < $1.key }
        if !r.supervisors.isEmpty {
            lines.append(notOK.isEmpty ? "supervisors: all ok (\(r.supervisors.count))"
                         : "supervisors: " + notOK.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        }
        if let oldest = r.loopAges.max(by: { $0.value < $1.value }) {
            lines.append("loops: \(r.loopAges.count), slowest \(oldest.key) \(DecimalText.plain(oldest.value, maxFractionDigits: 1)) s ago")
        }
        return lines.joined(separator: "\n")
    }
}
