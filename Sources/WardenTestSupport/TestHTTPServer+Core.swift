internal import Glibc
internal import Synchronization

extension TestHTTPServer {
    /// The shared part the threads hold, so that `TestHTTPServer.deinit` can still run and stop them.
    final class Core: Sendable {
        struct State {
            var requests: [Request] = []
            var acceptThread: pthread_t?
            /// Connection threads not yet joined, and those of them that have finished.
            var threads: Set<pthread_t> = []
            var finished: [pthread_t] = []
            var connections = 0
            var stopped = false
        }

        let listener: Int32
        /// Written once by `stop()` and never drained: readable from then on, it wakes every `poll`.
        let wakeRead: Int32
        let wakeWrite: Int32
        let handler: @Sendable (Request) -> Response
        let state = Mutex(State())

        init(listener: Int32, handler: @escaping @Sendable (Request) -> Response)
            throws(Error)
        {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw Error(function: "pipe", errno: errno) }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            self.listener = listener
            self.wakeRead = fds[0]
            self.wakeWrite = fds[1]
            self.handler = handler
        }

        func start() throws(Error) {
            let thread = try Socket.spawnThread { [self] in acceptLoop() }
            state.withLock { $0.acceptThread = thread }
        }

        func stop() {
            let (first, acceptThread) = state.withLock { state in
                defer { state.stopped = true }
                return (!state.stopped, state.acceptThread)
            }
            guard first else { return }
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
            if let acceptThread { pthread_join(acceptThread, nil) }
            // The accept loop has ended and registers nothing once `stopped` is set.
            let threads = state.withLock { state in
                defer { state.threads = []; state.finished = [] }
                return state.threads
            }
            for thread in threads { pthread_join(thread, nil) }
            close(listener)
            close(wakeRead)
            close(wakeWrite)
        }

        private func acceptLoop() {
            while Socket.wait(listener, for: Int16(POLLIN), deadline: nil, wake: wakeRead) == .ready {
                let fd = accept(listener, nil, nil)
                guard fd >= 0 else { continue }
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                joinFinishedThreads()
                // Spawning under the lock: the thread cannot report itself finished before it is registered.
                let started = state.withLock { state -> Bool in
                    guard !state.stopped else { return false }
                    state.connections += 1
                    let connection = state.connections
                    guard let thread = try? Socket.spawnThread({ [self] in serve(fd, connection: connection) }) else {
                        return false
                    }
                    state.threads.insert(thread)
                    return true
                }
                if !started { close(fd) }
            }
        }

        private func joinFinishedThreads() {
            let finished = state.withLock { state in
                defer { state.finished = [] }
                for thread in state.finished { state.threads.remove(thread) }
                return state.finished
            }
            for thread in finished { pthread_join(thread, nil) }
        }

        /// Serves requests on one connection until it closes, a response ends it, or the server stops.
        private func serve(_ fd: Int32, connection: Int) {
            defer {
                close(fd)
                state.withLock { $0.finished.append(pthread_self()) }
            }
            var buffer: [UInt8] = []
            while let request = readRequest(fd, &buffer, connection: connection) {
                state.withLock { $0.requests.append(request) }
                let response = handler(request)
                if response.delay > .zero {
                    guard idle(fd, until: .now + response.delay) else { return }
                }
                switch response.action {
                case .hang:
                    _ = idle(fd, until: nil)
                    return
                case .close:
                    return
                case .answer:
                    let closes = !response.includesContentLength || request.header("Connection")?.lowercased() == "close"
                    let sent = sendAll(fd, Wire.serialize(response, closing: closes))
                    guard sent, !closes else { return }
                }
            }
        }

        /// Reads one request into `buffer`; nil on end of stream, stop, or a malformed request (answered 400).
        private func readRequest(_ fd: Int32, _ buffer: inout [UInt8], connection: Int) -> Request? {
            while true {
                switch Wire.parse(&buffer, connection: connection) {
                case .request(let request): return request
                case .malformed:
                    _ = sendAll(fd, Wire.serialize(.init(status: 400, text: "bad request\n"), closing: true))
                    return nil
                case .incomplete:
                    guard receive(fd, into: &buffer) else { return nil }
                }
            }
        }

        private func receive(_ fd: Int32, into buffer: inout [UInt8]) -> Bool {
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                guard Socket.wait(fd, for: Int16(POLLIN), deadline: nil, wake: wakeRead) == .ready else { return false }
                let count = recv(fd, &chunk, chunk.count, 0)
                if count > 0 {
                    buffer.append(contentsOf: chunk[..<count])
                    return true
                }
                if count < 0, errno == EAGAIN || errno == EINTR { continue }
                return false
            }
        }

        private func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
            var offset = 0
            while offset < bytes.count {
                let count = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if count > 0 {
                    offset += count
                } else if count < 0, errno == EAGAIN || errno == EINTR {
                    guard Socket.wait(fd, for: Int16(POLLOUT), deadline: nil, wake: wakeRead) == .ready else { return false }
                } else {
                    return false
                }
            }
            return true
        }

        /// Waits until `deadline` (nil: forever). False if the client closed first or the server stopped.
        private func idle(_ fd: Int32, until deadline: ContinuousClock.Instant?) -> Bool {
            var watched = fd
            while true {
                switch Socket.wait(watched, for: Int16(POLLIN), deadline: deadline, wake: wakeRead) {
                case .timedOut: return true
                case .stopped: return false
                case .ready:
                    var byte: UInt8 = 0
                    let count = recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
                    if count == 0 || (count < 0 && errno != EAGAIN && errno != EINTR) { return false }
                    if count > 0 { watched = -1 }  // Pipelined data: stop watching, just wait.
                }
            }
        }
    }
}
