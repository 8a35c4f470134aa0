import Glibc

/// The demo's private redis-server, on a unix socket in the demo's directory, with nothing saved.
///
/// It runs under a small `sh` guard in its own process group that waits on a pipe only this
/// process holds the write end of. When Warden ends — normally, on Ctrl-C, or killed outright —
/// the pipe closes, the guard stops redis-server and waits for it: no process is left behind.
/// Its own process group keeps the terminal's Ctrl-C away from it, so the stop is orderly.
struct DemoRedis: Sendable {
    let guardPID: pid_t
    let guardPipe: Int32
    let socketPath: String

    var url: String { "unix://\(socketPath)" }

    static let script = """
        redis-server --port 0 --unixsocket "$1/redis.sock" --unixsocketperm 700 --dir "$1" \
          --save '' --appendonly no --loglevel warning --logfile "$1/redis.log" &
        p=$!
        read _ || true
        kill "$p" 2>/dev/null
        wait "$p"
        """

    /// Starts redis-server in `directory`; it accepts connections once `socketPath` exists.
    static func start(directory: String) throws(DemoError) -> DemoRedis {
        guard executableOnPath("redis-server") else {
            throw DemoError("redis-server is not on PATH (Debian: apt-get install redis-server; `make demo` installs it)")
        }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw DemoError("pipe: \(errnoText())") }
        // Close-on-exec, so no other child inherits the write end and keeps the guard waiting.
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        let argv = ["/bin/sh", "-c", script, "warden-demo-redis", directory]
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &cArgs, environ)
        close(fds[0])
        guard rc == 0 else {
            close(fds[1])
            throw DemoError("cannot start redis-server: \(String(cString: strerror(rc)))")
        }
        return DemoRedis(guardPID: pid, guardPipe: fds[1], socketPath: directory + "/redis.sock")
    }

    /// True once redis-server has created its socket; false if the guard already exited.
    func socketReady() -> Bool {
        access(socketPath, F_OK) == 0
    }

    /// Closes the pipe (the guard stops redis-server) and reaps the guard; after `grace`,
    /// kills the whole process group.
    func stop(grace: Duration = .seconds(3)) async {
        close(guardPipe)
        let deadline = ContinuousClock.now + grace
        var status: Int32 = 0
        while ContinuousClock.now < deadline {
            let r = waitpid(guardPID, &status, WNOHANG)
            if r == guardPID || (r < 0 && errno == ECHILD) { return }
            do { try await Task.sleep(for: .milliseconds(20)) } catch { break }  // cancelled: kill at once
        }
        kill(-guardPID, SIGKILL)
        _ = waitpid(guardPID, &status, 0)  // returns at once: the group was just killed
    }

    static func executableOnPath(_ name: String) -> Bool {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").contains { access("\($0)/\(name)", X_OK) == 0 }
    }
}

/// A reason the demo could not run, for a person.
struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ text: String) { description = text }
}

func errnoText() -> String { String(cString: strerror(errno)) }
