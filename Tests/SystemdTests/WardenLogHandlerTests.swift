import Glibc
import Logging
import Systemd
import Testing

/// JOURNAL_STREAM matching (pure) and the fstat(2) wrapper.
struct WardenLogHandlerTests {
    @Test(arguments: [
        ("8:42", true),
        ("8:43", false),  // other inode
        ("9:42", false),  // other device
        ("8:42:1", false),
        ("8", false),
        (":42", false),
        ("8:", false),
        ("+8:42", false),
        (" 8:42", false),
        ("0x8:42", false),
        ("8:42\n", false),
        ("99999999999999999999:42", false),  // does not fit UInt64
        ("", false),
    ])
    func journalStreamMatchesOnlyTheExactDeviceAndInode(value: String, matches: Bool) {
        #expect(WardenLogHandler.journalStreamMatches(value, device: 8, inode: 42) == matches)
    }

    @Test
    func missingJournalStreamNeverMatches() {
        #expect(!WardenLogHandler.journalStreamMatches(nil, device: 0, inode: 0))
    }

    @Test
    func largeDeviceNumbersMatch() {
        let value = "\(UInt64.max):18446744073709551614"
        #expect(WardenLogHandler.journalStreamMatches(value, device: .max, inode: .max - 1))
    }

    @Test
    func fileIdentityIsTheOpenFilesDeviceAndInode() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        let first = open("\(directory)/a", O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        let second = open("\(directory)/b", O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        defer {
            close(first)
            close(second)
        }
        var expected = stat()
        try #require(stat("\(directory)/a", &expected) == 0)

        let identity = try #require(WardenLogHandler.fileIdentity(of: first))
        #expect(identity.device == UInt64(expected.st_dev))
        #expect(identity.inode == UInt64(expected.st_ino))
        let value = "\(expected.st_dev):\(expected.st_ino)"
        #expect(WardenLogHandler.journalStreamMatches(value, device: identity.device, inode: identity.inode))

        let other = try #require(WardenLogHandler.fileIdentity(of: second))
        #expect(!WardenLogHandler.journalStreamMatches(value, device: other.device, inode: other.inode))
    }

    @Test
    func closedDescriptorHasNoIdentity() {
        #expect(WardenLogHandler.fileIdentity(of: -1) == nil)
    }
}

extension ProcessEnvironmentTests {
    /// The factory's choice, driven by JOURNAL_STREAM.
    @Suite
    struct WardenLogHandlerFactoryTests {
        @Test
        func journalStreamMatchingStderrPicksJournald() throws {
            let identity = try #require(WardenLogHandler.fileIdentity(of: 2))
            let handler = withEnvironment(["JOURNAL_STREAM": "\(identity.device):\(identity.inode)"]) {
                WardenLogHandler.make(label: "warden.test")
            }
            let journald = try #require(handler as? JournaldLogHandler)
            #expect(journald.label == "warden.test")
            #expect(journald.identifier == "warden")
        }

        @Test
        func factoryFitsLoggingSystemBootstrap() {
            let plain: @Sendable (String) -> any LogHandler = WardenLogHandler.make(label:)
            let provided: @Sendable (String, Logger.MetadataProvider?) -> any LogHandler =
                WardenLogHandler.make(label:metadataProvider:)
            let provider = Logger.MetadataProvider { ["warden.service": "test"] }
            let handler = withEnvironment(["JOURNAL_STREAM": nil]) { (plain("a"), provided("b", provider)) }
            #expect((handler.0 as? StderrLogHandler)?.label == "a")
            #expect((handler.1 as? StderrLogHandler)?.metadataProvider?.get() == ["warden.service": "test"])
        }

        @Test(arguments: [nil, "1:1", "garbage"] as [String?])
        func otherwisePicksStderr(journalStream: String?) throws {
            let handler = withEnvironment(["JOURNAL_STREAM": journalStream]) {
                WardenLogHandler.make(label: "warden.test")
            }
            let stderr = try #require(handler as? StderrLogHandler)
            #expect(stderr.fileDescriptor == 2)
        }
    }
}
