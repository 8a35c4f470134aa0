internal import Synchronization
#if canImport(Glibc)
internal import Glibc
#endif

extension SystemdSandbox {
    /// A child started with posix_spawn(3), not Foundation's `Process`: on Linux `Process.run()`
    /// crashes now and then in `findMaximumOpenFromProcSelfFD` (swift-corelibs-foundation#5472),
    /// and these tests spawn hundreds of `busctl` calls. The child gets an empty signal mask and
    /// default signal actions (see `RedisServer.runWithEmptySignalMask`) and no descriptor but 0–2.
    final class Child: Sendable {
        let pid: pid_t
        /// The wait status once reaped.
        private let reaped = Mutex<Int32?>(nil)

        /// Where stdin comes from: a file, or a descriptor of ours (dup'ed to 0 in the child).
        enum Input { case file(String), descriptor(Int32) }

        init(_ path: String, _ arguments: [String], environment: [String: String],
             stdin: Input, stdout: String, stderr: String) throws(SystemdSandbox.Error) {
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
            posix_spawn_file_actions_init(&actions)
            posix_spawnattr_init(&attributes)
            defer {
                posix_spawn_file_actions_destroy(&actions)
                posix_spawnattr_destroy(&attributes)
            }
            switch stdin {
            case .file(let file): posix_spawn_file_actions_addopen(&actions, 0, file, O_RDONLY, 0)
            case .descriptor(let fd): posix_spawn_file_actions_adddup2(&actions, fd, 0)
            }
            posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3) }
            var mask = sigset_t()
            sigemptyset(&mask)
            posix_spawnattr_setsigmask(&attributes, &mask)
            var defaults = sigset_t()
            sigemptyset(&defaults)
            for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM] {
                sigaddset(&defaults, signal)
            }
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            let argv = ([path] + arguments).map { strdup($0) } + [nil]
            let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { for p in argv + envp { free(p) } }
            var pid: pid_t = 0
            let rc = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
            guard rc == 0 else { throw SystemdSandbox.Error(description: "posix_spawn \(path): errno \(rc)") }
            self.pid = pid
        }

        /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module
        /// does not export; looked up at run time. Without it only close-on-exec descriptors stay out.
        static let addCloseFrom: AddCloseFrom? = {
            guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
            return unsafeBitCast(symbol, to: AddCloseFrom.self)
        }()

        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

        /// The exit status (128 + signal if killed) if it has ended, else nil. Never blocks.
        var exitStatus: Int32? {
            reaped.withLock { reaped in
                if reaped == nil {
                    var status: Int32 = 0
                    let r = waitpid(pid, &status, WNOHANG)
                    if r == pid || (r == -1 && errno == ECHILD) { reaped = status }
                }
                return reaped.map { status in
                    let signal = status & 0x7f
                    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
                }
            }
        }

        var isRunning: Bool { exitStatus == nil }

        /// Waits up to `timeout` for it to end; true if it has.
        func wait(_ timeout: Duration) -> Bool {
            let deadline = ContinuousClock.now + timeout
            while isRunning {
                guard ContinuousClock.now < deadline else { return false }
                usleep(5_000)
            }
            return true
        }

        func signal(_ number: Int32) {
            if isRunning { kill(pid, number) }
        }
    }
}
