import Logging
import Systemd
import Testing

/// The journald fields of the events on-call filters on (`journalctl WARDEN_EVENT=EXIT_SENT SYMBOL=…`).
struct WardenEventFieldsTests {
    @Test(arguments: [
        (["warden.event": "EXIT_SENT", "symbol": "BTCUSDT", "exit_reason": "tp_hit"] as Logger.Metadata,
         ["WARDEN_EVENT=EXIT_SENT", "SYMBOL=BTCUSDT", "EXIT_REASON=tp_hit"]),
        (["warden.event": "DEAD_LETTER", "stream": "quantum:stream:trade.execution.res", "reason": "bad_price"],
         ["WARDEN_EVENT=DEAD_LETTER", "STREAM=quantum:stream:trade.execution.res", "REASON=bad_price"]),
        (["warden.event": "ALERT_FIRING", "alert": "SafeModeStuck", "warden.service": "supervisor"],
         ["WARDEN_EVENT=ALERT_FIRING", "ALERT=SafeModeStuck", "WARDEN_SERVICE=supervisor"]),
    ])
    func eventMetadataBecomesUpperCaseJournalFields(metadata: Logger.Metadata, expected: [String]) {
        let fields = JournaldLogHandler.fields(level: .notice, message: "m", metadata: metadata, label: "warden",
                                               file: "f.swift", function: "g()", line: 1)
        let rendered = Set(fields.map { "\($0.name)=\($0.value)" })
        for e in expected { #expect(rendered.contains(e), "missing \(e) in \(rendered.sorted())") }
        #expect(rendered.contains("SYSLOG_IDENTIFIER=warden") && rendered.contains("PRIORITY=5"))
    }
}
