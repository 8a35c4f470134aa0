import Glibc
import Systemd
import Testing

extension ProcessEnvironmentTests {
    /// sd_notify against a real datagram socket named by NOTIFY_SOCKET (go-systemd's sdnotify_test.go).
    @Suite
    struct SystemdNotifierTests {
        @Test
        func readyAndStatusArriveAsOneDatagramWithExactBytes() {
            let directory = makeTemporaryDirectory()
            defer { removeTemporaryDirectory(directory) }
            let socket = DatagramSocket(path: "\(directory)/notify.sock")
            let outcome = withEnvironment(["NOTIFY_SOCKET": socket.notifySocket]) {
                SystemdNotifier().send([.ready, .status("bootstrapped 3 positions")])
            }
            #expect(outcome == .sent)
            #expect(socket.receive() == Array("READY=1\nSTATUS=bootstrapped 3 positions".utf8))
            #expect(socket.receive(wait: false) == nil, "a second datagram arrived")
        }

        @Test(arguments: [
            (NotifyState.ready, "READY=1"),
            (.stopping, "STOPPING=1"),
            (.reloading, "RELOADING=1"),
            (.watchdog, "WATCHDOG=1"),
            (.watchdogTrigger, "WATCHDOG=trigger"),
            (.extendTimeout(.seconds(5)), "EXTEND_TIMEOUT_USEC=5000000"),
            (.extendTimeout(.milliseconds(1500)), "EXTEND_TIMEOUT_USEC=1500000"),
            (.mainPID(4242), "MAINPID=4242"),
            (.status("redis down\nretrying"), "STATUS=redis down retrying"),
            (.status("tab\there\r\u{0}end"), "STATUS=tab here  end"),
        ])
        func eachStateHasItsWireForm(state: NotifyState, expected: String) {
            let directory = makeTemporaryDirectory()
            defer { removeTemporaryDirectory(directory) }
            let socket = DatagramSocket(path: "\(directory)/notify.sock")
            let outcome = withEnvironment(["NOTIFY_SOCKET": socket.notifySocket]) {
                SystemdNotifier().send(state)
            }
            #expect(outcome == .sent)
            #expect(socket.receiveText() == expected)
        }

        @Test
        func abstractSocketNameReceivesTheDatagram() {
            let socket = DatagramSocket(abstractName: "warden-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            let outcome = withEnvironment(["NOTIFY_SOCKET": socket.notifySocket]) {
                SystemdNotifier().send(.watchdog)
            }
            #expect(outcome == .sent)
            #expect(socket.receiveText() == "WATCHDOG=1")
        }

        @Test
        func withoutNotifySocketNothingIsConfigured() {
            let outcome = withEnvironment(["NOTIFY_SOCKET": nil]) { SystemdNotifier().send(.ready) }
            #expect(outcome == .notConfigured)
        }

        @Test
        func missingSocketPathFailsWithENOENT() throws {
            let directory = makeTemporaryDirectory()
            defer { removeTemporaryDirectory(directory) }
            let outcome = withEnvironment(["NOTIFY_SOCKET": "\(directory)/nobody.sock"]) {
                SystemdNotifier().send(.ready)
            }
            let error = try #require(Self.failure(outcome))
            #expect(error.errno == ENOENT)
            #expect(error.function == "sd_notify")
            #expect(error.reason == "socket_missing")
            #expect(error.description.contains("sd_notify") && error.description.contains("errno \(ENOENT)"))
        }

        @Test
        func socketWithNoListenerFailsWithECONNREFUSED() throws {
            let directory = makeTemporaryDirectory()
            defer { removeTemporaryDirectory(directory) }
            let path = "\(directory)/stale.sock"
            let stale = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(stale, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            try #require(bound == 0)
            close(stale)  // the socket file stays, nobody listens
            let outcome = withEnvironment(["NOTIFY_SOCKET": path]) { SystemdNotifier().send(.ready) }
            let error = try #require(Self.failure(outcome))
            #expect(error.errno == ECONNREFUSED)
            #expect(error.reason == "connection_refused")
        }

        @Test
        func relativeNotifySocketIsRejected() throws {
            let outcome = withEnvironment(["NOTIFY_SOCKET": "relative/notify.sock"]) {
                SystemdNotifier().send(.ready)
            }
            let error = try #require(Self.failure(outcome))
            #expect(error.reason == "invalid_argument")
        }

        @Test
        func emptyStateListIsRejectedWithoutSending() throws {
            let directory = makeTemporaryDirectory()
            defer { removeTemporaryDirectory(directory) }
            let socket = DatagramSocket(path: "\(directory)/notify.sock")
            let outcome = withEnvironment(["NOTIFY_SOCKET": socket.notifySocket]) { SystemdNotifier().send([]) }
            #expect(try #require(Self.failure(outcome)).errno == EINVAL)
            #expect(socket.receive(wait: false) == nil)
        }

        private static func failure(_ outcome: NotifyOutcome) -> Systemd.Error? {
            if case .failed(let error) = outcome { return error }
            return nil
        }
    }
}
