import Glibc
import Logging
import Systemd
import Testing

/// The plain one-line format, and real writes through a pipe.
struct StderrLogHandlerTests {
    @Test(arguments: [
        (0, 0, "1970-01-01T00:00:00.000Z"),
        (1_700_000_000, 123_999_999, "2023-11-14T22:13:20.123Z"),
        (951_782_400, 5_000_000, "2000-02-29T00:00:00.005Z"),
        (4_102_444_799, 999_999_999, "2099-12-31T23:59:59.999Z"),
    ])
    func timestampsAreISO8601UTCWithMilliseconds(seconds: Int, nanoseconds: Int, expected: String) {
        #expect(StderrLogHandler.iso8601(seconds: seconds, nanoseconds: nanoseconds) == expected)
    }

    @Test(arguments: [
        ("take-profit hit", [:], "T info warden.exit: take-profit hit"),
        ("hit", ["symbol": "BTC", "warden.event": "exit"], "T info warden.exit: hit symbol=BTC warden.event=exit"),
        ("hit", ["reason": "stream is stale"], #"T info warden.exit: hit reason="stream is stale""#),
        ("hit", ["empty": ""], #"T info warden.exit: hit empty="""#),
        ("hit", ["q": #"say "hi" \ bye"#], #"T info warden.exit: hit q="say \"hi\" \\ bye""#),
        ("two\nlines", ["v": "a\nb"], #"T info warden.exit: two\nlines v="a\nb""#),
        ("bell\u{7}", ["k": "x=y"], #"T info warden.exit: bell\u{7} k="x=y""#),
        ("hit", ["odd key=": "1"], "T info warden.exit: hit odd_key_=1"),
    ] as [(String, Logger.Metadata, String)])
    func recordIsOneLogfmtLine(message: String, metadata: Logger.Metadata, expected: String) {
        let line = StderrLogHandler.line(
            timestamp: "T", level: .info, label: "warden.exit", message: message, metadata: metadata
        )
        #expect(line == expected)
        #expect(!line.contains("\n"))
    }

    @Test(arguments: Logger.Level.allCases)
    func levelIsPrintedByName(level: Logger.Level) {
        let line = StderrLogHandler.line(timestamp: "T", level: level, label: "l", message: "m", metadata: [:])
        #expect(line == "T \(level.rawValue) l: m")
    }

    @Test
    func loggerWritesOneTerminatedLinePerRecordToTheDescriptor() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        var logger = Logger(label: "warden.exit") { StderrLogHandler(label: $0, fileDescriptor: ends[1]) }
        logger[metadataKey: "warden.service"] = "exit-monitor"
        logger.debug("below the level")
        logger.warning("stop-loss hit", metadata: ["symbol": "ETHUSDT"])
        logger.error("failed", error: Failure())

        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(ends[0], $0.baseAddress, $0.count) }
        let text = String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        try #require(lines.count == 3, "got \(text.debugDescription)")
        #expect(lines[2].isEmpty)
        let stamp = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/
        #expect(try stamp.wholeMatch(in: lines[0].prefix(24)) != nil)
        let expected = " warning warden.exit: stop-loss hit symbol=ETHUSDT warden.service=exit-monitor"
        #expect(lines[0].dropFirst(24) == expected)
        #expect(lines[1].dropFirst(24).hasPrefix(" error warden.exit: failed error.message=boom error.type="))
    }

    private struct Failure: Error, CustomStringConvertible {
        var description: String { "boom" }
    }
}
