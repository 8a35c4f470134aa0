@testable import Systemd
import Testing

/// `JournalReader` without journald: opening, matches, field parsing. Reading a live journal is
/// checked against a real systemd-journald in `WardenTests/UnitStateReaderIsolatedTests`.
@Suite(.timeLimit(.minutes(1)))
struct JournalReaderTests {
    @Test
    func directoryWithoutJournalFilesIsUnavailable() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        let reader = JournalReader(units: ["trader.service"], directory: directory)
        let error = try await #require(throws: JournalReader.Error.self) {
            try await reader.open()
        }
        #expect(error.reason == "journal_unavailable")
        #expect(error.description.contains("no readable journal files in \(directory)"), "\(error)")
    }

    @Test
    func missingDirectoryIsUnavailableEvenWhenReadWithoutOpen() async throws {
        let reader = JournalReader(units: ["trader.service"], directory: "/nonexistent/warden/journal")
        let error = try await #require(throws: JournalReader.Error.self) {
            try await reader.next(max: 10)
        }
        #expect(error.reason == "journal_unavailable")
        #expect(error.description.contains("sd_journal_open_directory") || error.description.contains("no readable journal files"),
                "\(error)")
    }

    @Test
    func matchesFollowEveryUnitAtErrOrWorse() {
        #expect(JournalReader.matches(units: ["a.service", "b.service"], maxPriority: 3) == [
            "_SYSTEMD_UNIT=a.service", "_SYSTEMD_UNIT=b.service", "PRIORITY=0", "PRIORITY=1", "PRIORITY=2", "PRIORITY=3",
        ])
        #expect(JournalReader.matches(units: ["a.service"], maxPriority: 0) == ["_SYSTEMD_UNIT=a.service", "PRIORITY=0"])
    }

    @Test(arguments: [
        ("MESSAGE=boom 123", "MESSAGE", "boom 123"),
        ("MESSAGE=", "MESSAGE", ""),
        ("MESSAGE=a=b\nc", "MESSAGE", "a=b\nc"),
        ("PRIORITY=3", "MESSAGE", nil),
        ("MESSAGEX=1", "MESSAGE", nil),
        ("MESS", "MESSAGE", nil),
    ] as [(String, String, String?)])
    func fieldValueIsTheBytesAfterNameAndEquals(data: String, name: String, value: String?) {
        let bytes = Array(data.utf8)
        let parsed = bytes.withUnsafeBytes { JournalEntry.value(ofField: name, in: $0) }
        #expect(parsed == value)
    }

    @Test
    func invalidUTF8InAMessageIsRepaired() {
        let bytes = Array("MESSAGE=ok ".utf8) + [0xFF, 0xFE]
        let parsed = bytes.withUnsafeBytes { JournalEntry.value(ofField: "MESSAGE", in: $0) }
        #expect(parsed == "ok \u{FFFD}\u{FFFD}")
    }
}
