public import Foundation
internal import Synchronization
#if canImport(Glibc)
internal import Glibc
#endif

/// The host's real systemd booted as PID 1 in fresh namespaces, by `scripts/systemd-sandbox.sh`
/// (the recipe of systemd-sandbox.md): its own units only, a private `/tmp`, `/dev`, `/var/tmp`,
/// and copy-on-write `/etc` and `/var`, optionally with journald.
///
/// The script is this process's child and watches its stdin: `shutdown()` closes it, and so does
/// the kernel if the test process dies, and the script then kills the sandbox's PID 1, removes its
/// cgroup and its directory. `deinit` runs the same teardown if `shutdown()` was never called.
public final class SystemdSandbox: Sendable {
    /// The sandbox's directory, at the same path inside and out: `units/`, `console.log`, `run/`.
    public let directory: URL
    /// The nested systemd's pid as the host sees it (for `nsenter -t`).
    public let pid1: Int32
    private let state: Mutex<State>

    private struct State {
        var process: Child
        var stdin: Int32?
        var files: [URL]
    }

    /// Why a sandbox could not be booted or used.
    public struct Error: Swift.Error, CustomStringConvertible {
        public let description: String
    }

    /// Nil when sandboxes can boot here; otherwise why not (the tests then skip, loudly).
    public static let unavailableReason: String? = {
        guard getuid() == 0 else { return "needs root (uid \(getuid()))" }
        let tools = ["/usr/bin/unshare", "/usr/bin/nsenter", "/usr/bin/script", "/usr/bin/busctl", "/usr/bin/journalctl",
                     "/usr/bin/dbus-daemon", "/lib/systemd/systemd", "/usr/sbin/useradd", "/bin/bash"]
        for tool in tools where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is missing"
        }
        guard FileManager.default.fileExists(atPath: SystemdSandbox.script.path) else { return "\(SystemdSandbox.script.path) is missing" }
        guard let probe = try? SystemdSandbox.runBlocking("/usr/bin/unshare", ["-pfm", "-uiC", "--propagation", "private", "--mount-proc", "true"],
                                                environment: [:], input: nil, timeout: .seconds(10)),
              probe.status == 0
        else { return "cannot create pid/mount/cgroup namespaces here (unshare failed)" }
        return nil
    }()

    /// `scripts/systemd-sandbox.sh` in this repository.
    public static var script: URL {
        WardenProcess.repositoryRoot.appendingPathComponent("scripts/systemd-sandbox.sh")
    }

    /// Where sandboxes live: `/srv/warden-sbx`, outside every tree the sandbox replaces with its
    /// own (`/tmp`, `/var`, `/run`), wherever the checkout is — CI may clone under `/tmp` or
    /// `/var/tmp`. Kept short: the bus socket's path must fit in `sun_path`.
    public static var parentDirectory: URL {
        URL(fileURLWithPath: "/srv/warden-sbx")
    }

    private init(directory: URL, pid1: Int32, process: Child, stdin: Int32, files: [URL]) {
        self.directory = directory
        self.pid1 = pid1
        self.state = Mutex(State(process: process, stdin: stdin, files: files))
    }

    /// Boots a sandbox and returns once its systemd reports `SystemState=running` (within `timeout`).
    /// - Parameter journal: also run systemd-journald; services then log to it (as on a real host).
    public static func boot(journal: Bool = true, timeout: Duration = .seconds(30)) async throws -> SystemdSandbox {
        if let reason = unavailableReason { throw Error(description: "systemd sandbox unavailable: \(reason)") }
        let parent = Self.parentDirectory
        guard !parent.path.hasPrefix("/tmp/") else {
            throw Error(description: "the build folder \(parent.path) is under /tmp, which is private inside the sandbox")
        }
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        Self.removeFilesOfDeadRuns(in: parent)
        let name = "\(getpid())-\(String(UInt16.random(in: 0...UInt16.max), radix: 16))"
        let directory = parent.appendingPathComponent(name)
        // The host reaches the bus through DIR/run/dbus/system_bus_socket: sun_path holds 107 bytes.
        let socket = directory.appendingPathComponent("run/dbus/system_bus_socket").path
        guard socket.utf8.count <= 107 else {
            throw Error(description: "sandbox bus socket path is too long for AF_UNIX (\(socket.utf8.count) > 107 bytes): \(socket)")
        }
        let out = parent.appendingPathComponent(name + ".out"), err = parent.appendingPathComponent(name + ".err")
        // The script's stdin: only it holds the read end, and no other child the write end (both
        // are close-on-exec here), so EOF means "tear down", also when this process dies.
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Error(description: "pipe: errno \(errno)") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let process: Child
        do {
            process = try Child("/bin/bash", [Self.script.path, directory.path] + (journal ? ["--journal"] : []),
                                environment: ProcessInfo.processInfo.environment,
                                stdin: .descriptor(fds[0]), stdout: out.path, stderr: err.path)
        } catch {
            close(fds[0])
            close(fds[1])
            throw error
        }
        close(fds[0])
        let sandbox: SystemdSandbox
        do {
            let pid1 = try await Self.offPool {
                try Self.awaitPID1(process: process, out: out, err: err, timeout: timeout)
            }
            sandbox = SystemdSandbox(directory: directory, pid1: pid1, process: process, stdin: fds[1], files: [out, err])
        } catch {
            close(fds[1])
            Self.finish(process, directory: directory, files: [out, err], pid1: nil)
            throw error
        }
        return sandbox
    }

    /// Removes the `.out`/`.err` files a crashed test process left (the script removed its directory).
    private static func removeFilesOfDeadRuns(in parent: URL) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        where name.hasSuffix(".out") || name.hasSuffix(".err") {
            guard let owner = Int32(name.prefix { $0 != "-" }), owner != getpid(), kill(owner, 0) == -1, errno == ESRCH
            else { continue }
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    /// Reads the script's `PID1 <pid>` line; throws with its stderr if it exits or times out first.
    private static func awaitPID1(process: Child, out: URL, err: URL, timeout: Duration) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PID1 ") }),
               let pid = Int32(line.dropFirst(5)) {
                return pid
            }
            guard process.isRunning else { break }
            usleep(10_000)
        }
        let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        throw Error(description: "systemd sandbox did not boot within \(timeout): \(stderr.suffix(3000))")
    }

    /// Tears the sandbox down and waits until the script has removed it. Idempotent.
    public func shutdown() async {
        guard let taken = self.take() else { return }
        let directory = self.directory, pid1 = self.pid1
        _ = try? await Self.offPool { Self.finish(taken.process, directory: directory, files: taken.files, pid1: pid1) }
    }

    deinit {
        guard let taken = self.take() else { return }
        Self.finish(taken.process, directory: self.directory, files: taken.files, pid1: self.pid1)
    }

    /// Closes the script's stdin (its signal to tear down) once; nil if already done.
    private func take() -> (process: Child, files: [URL])? {
        self.state.withLock { state in
            guard let stdin = state.stdin else { return nil }
            state.stdin = nil
            close(stdin)
            return (state.process, state.files)
        }
    }

    /// Waits for the script to tear down (stdin closed); escalates to SIGTERM, then SIGKILL of the
    /// script and the nested PID 1, if it takes too long.
    private static func finish(_ process: Child, directory: URL, files: [URL], pid1: Int32?) {
        if !process.wait(.seconds(20)) {
            process.signal(SIGTERM)
            if !process.wait(.seconds(10)) {
                if let pid1 { kill(pid1, SIGKILL) }
                process.signal(SIGKILL)
                _ = process.wait(.seconds(10))
                if ProcessInfo.processInfo.environment["SANDBOX_KEEP"] != "1" {
                    try? FileManager.default.removeItem(at: directory)
                }
            }
        }
        for file in files { try? FileManager.default.removeItem(at: file) }
    }
}
