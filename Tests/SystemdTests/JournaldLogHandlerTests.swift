import Glibc
import Logging
import Systemd
import Testing

/// Field construction for journald entries, and one real sd_journal_sendv round trip.
struct JournaldLogHandlerTests {
    typealias Field = JournaldLogHandler.Field

    @Test(arguments: [
        ("warden.event", "WARDEN_EVENT"),
        ("symbol", "SYMBOL"),
        ("warden.stream", "WARDEN_STREAM"),
        ("hb.request-id", "HB_REQUEST_ID"),
        ("Already_UPPER_9", "ALREADY_UPPER_9"),
        ("_private", "X__PRIVATE"),
        ("9lives", "X_9LIVES"),
        ("", "X_"),
        ("prix€", "PRIX_"),
        ("message", "X_MESSAGE"),
        ("priority", "X_PRIORITY"),
        ("code.line", "X_CODE_LINE"),
        (String(repeating: "a", count: 70), String(repeating: "A", count: 64)),
        ("_" + String(repeating: "b", count: 70), "X__" + String(repeating: "B", count: 61)),
    ])
    func metadataKeysBecomeValidFieldNames(key: String, name: String) {
        #expect(JournaldLogHandler.fieldName(forKey: key) == name)
    }

    @Test(arguments: [
        (Logger.Level.trace, "7"), (.debug, "7"), (.info, "6"), (.notice, "5"),
        (.warning, "4"), (.error, "3"), (.critical, "2"),
    ])
    func levelsMapToSyslogPriorities(level: Logger.Level, priority: String) {
        let fields = Self.fields(level: level, metadata: [:])
        #expect(fields.first { $0.name == "PRIORITY" }?.value == priority)
    }

    @Test
    func entryCarriesFixedFieldsThenSortedMetadata() {
        let fields = Self.fields(
            level: .warning,
            metadata: [
                "warden.event": "exit_triggered",
                "symbol": "BTCUSDT",
                "order": ["id": "17", "side": "SELL"],
                "levels": ["2.5", "1.5"],
                "message": "clash",
                "note": "two\nlines",
            ]
        )
        #expect(
            fields == [
                Field("MESSAGE", "take-profit hit"),
                Field("PRIORITY", "4"),
                Field("SYSLOG_IDENTIFIER", "warden"),
                Field("LOGGER", "warden.exit"),
                Field("CODE_FILE", "WardenServices/ExitMonitor.swift"),
                Field("CODE_LINE", "42"),
                Field("CODE_FUNC", "run()"),
                Field("LEVELS", #"["2.5", "1.5"]"#),
                Field("NOTE", "two\nlines"),
                Field("ORDER_ID", "17"),
                Field("ORDER_SIDE", "SELL"),
                Field("SYMBOL", "BTCUSDT"),
                Field("WARDEN_EVENT", "exit_triggered"),
                Field("X_MESSAGE", "clash"),
            ]
        )
    }

    @Test
    func collidingKeysAreAllKept() {
        let fields = Self.fields(level: .info, metadata: ["a.b": "1", "a-b": "2"])
        #expect(fields.filter { $0.name == "A_B" }.map(\.value) == ["1", "2"])
    }

    @Test(
        .enabled(if: access("/run/systemd/journal/socket", F_OK) != 0, "a real journald owns the socket")
    )
    func entryReachesTheJournalSocketAsNativeProtocol() throws {
        let created = mkdir("/run/systemd", 0o755) == 0
        let createdJournal = mkdir("/run/systemd/journal", 0o755) == 0
        defer {
            if createdJournal { rmdir("/run/systemd/journal") }
            if created { rmdir("/run/systemd") }
        }
        let received: [UInt8]? = {
            let socket = DatagramSocket(path: "/run/systemd/journal/socket")  // unlinked when it goes
            var logger = Logger(label: "warden.exit") { JournaldLogHandler(label: $0) }
            logger[metadataKey: "warden.event"] = "exit_triggered"
            logger.warning("line one\nline two", metadata: ["symbol": "ETHUSDT"])
            return socket.receive()
        }()
        let entry = try #require(received)
        let fields = try #require(Self.parseNative(entry))
        #expect(fields.first?.name == "MESSAGE" && fields.first?.value == "line one\nline two")
        #expect(fields.contains(Field("PRIORITY", "4")))
        #expect(fields.contains(Field("LOGGER", "warden.exit")))
        #expect(fields.contains(Field("SYMBOL", "ETHUSDT")))
        #expect(fields.contains(Field("WARDEN_EVENT", "exit_triggered")))
        #expect(fields.contains { $0.name == "CODE_FILE" && $0.value.hasSuffix("JournaldLogHandlerTests.swift") })
    }

    private static func fields(level: Logger.Level, metadata: Logger.Metadata) -> [Field] {
        JournaldLogHandler.fields(
            level: level,
            message: "take-profit hit",
            metadata: metadata,
            label: "warden.exit",
            file: "WardenServices/ExitMonitor.swift",
            function: "run()",
            line: 42
        )
    }

    /// journald's native protocol: `NAME=value\n`, or `NAME\n<le64 size><value>\n` for binary values.
    private static func parseNative(_ bytes: [UInt8]) -> [Field]? {
        var fields: [Field] = []
        var index = 0
        while index < bytes.count {
            let separator = bytes[index...].firstIndex { $0 == UInt8(ascii: "=") || $0 == 10 }
            guard let end = separator else { return nil }
            let name = String(decoding: bytes[index..<end], as: UTF8.self)
            if bytes[end] == UInt8(ascii: "=") {
                guard let newline = bytes[end...].firstIndex(of: 10) else { return nil }
                fields.append(Field(name, String(decoding: bytes[(end + 1)..<newline], as: UTF8.self)))
                index = newline + 1
            } else {
                guard end + 9 <= bytes.count else { return nil }
                let size = bytes[(end + 1)...(end + 8)].reversed().reduce(0) { $0 << 8 | Int($1) }
                let start = end + 9
                guard start + size < bytes.count, bytes[start + size] == 10 else { return nil }
                fields.append(Field(name, String(decoding: bytes[start..<(start + size)], as: UTF8.self)))
                index = start + size + 1
            }
        }
        return fields
    }
}
