internal import Glibc

extension TestHTTPServer {
    /// HTTP/1.1 request parsing and response serialisation for `TestHTTPServer`.
    enum Wire {
        enum Parsed {
            case request(Request)
            case incomplete
            case malformed
        }

        private static let headLimit = 1 << 20
        private static let separator: [UInt8] = Array("\r\n\r\n".utf8)

        /// Takes one complete request off the front of `buffer`, if there is one.
        static func parse(_ buffer: inout [UInt8], connection: Int) -> Parsed {
            guard let headEnd = buffer.firstRange(of: separator)?.lowerBound else {
                return looksLikeHTTP(buffer) && buffer.count < headLimit ? .incomplete : .malformed
            }
            let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
            var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
            let requestLine = lines.removeFirst().split(separator: " ")
            guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1.") else { return .malformed }
            var headers: [Header] = []
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { return .malformed }
                headers.append(.init(trim(line[..<colon]), trim(line[line.index(after: colon)...])))
            }
            let lengthField = headers.first { $0.name.lowercased() == "content-length" }?.value ?? "0"
            guard let length = Int(lengthField), length >= 0 else { return .malformed }
            let bodyStart = headEnd + separator.count
            guard buffer.count >= bodyStart + length else { return .incomplete }
            let request = Request(
                method: String(requestLine[0]), path: String(requestLine[1]), headers: headers,
                body: Array(buffer[bodyStart..<(bodyStart + length)]), connection: connection
            )
            buffer.removeFirst(bodyStart + length)
            return .request(request)
        }

        /// The bytes of `response`; `closing` adds `Connection: close`.
        static func serialize(_ response: Response, closing: Bool) -> [UInt8] {
            var head = "HTTP/1.1 \(response.status) \(reasonPhrase(response.status))\r\n"
            for header in response.headers { head += "\(header.name): \(header.value)\r\n" }
            let hasLength = response.headers.contains { $0.name.lowercased() == "content-length" }
            if response.includesContentLength, !hasLength { head += "Content-Length: \(response.body.count)\r\n" }
            if closing { head += "Connection: close\r\n" }
            head += "\r\n"
            return Array(head.utf8) + response.body
        }

        /// Early rejection of what cannot become a request line (a TLS ClientHello, say), so it is not awaited.
        private static func looksLikeHTTP(_ bytes: [UInt8]) -> Bool {
            let method = bytes.prefix { $0 != UInt8(ascii: " ") }.prefix(17)
            return method.count <= 16 && method.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
        }

        private static func trim(_ text: Substring) -> String {
            String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        }

        private static func reasonPhrase(_ status: Int) -> String {
            switch status {
            case 200: "OK"
            case 201: "Created"
            case 204: "No Content"
            case 400: "Bad Request"
            case 401: "Unauthorized"
            case 403: "Forbidden"
            case 404: "Not Found"
            case 418: "I'm a teapot"
            case 429: "Too Many Requests"
            case 500: "Internal Server Error"
            case 502: "Bad Gateway"
            case 503: "Service Unavailable"
            case 504: "Gateway Timeout"
            default: "Status \(status)"
            }
        }
    }
}

extension TestHTTPServer {
    /// Thin wrappers over the socket, poll and pthread calls `TestHTTPServer` makes.
    enum Socket {
        enum Wait: Equatable { case ready, timedOut, stopped }

        /// Polls `fd` (ignored if negative) for `events` and `wake` for input, until `deadline` (nil: none).
        static func wait(_ fd: Int32, for events: Int16, deadline: ContinuousClock.Instant?, wake: Int32) -> Wait {
            while true {
                var timeout: Int32 = -1
                if let deadline {
                    let (seconds, attoseconds) = (deadline - .now).components
                    guard seconds >= 0, seconds > 0 || attoseconds > 0 else { return .timedOut }
                    timeout = Int32(clamping: seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
                }
                var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0), pollfd(fd: fd, events: events, revents: 0)]
                let count = poll(&fds, 2, timeout)
                if count < 0 && errno != EINTR { return .stopped }
                if fds[0].revents != 0 { return .stopped }
                if fds[1].revents != 0 { return .ready }
            }
        }

        static func listenOnLoopback() throws(Error) -> Int32 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw .init(function: "socket", errno: errno) }
            do throws(Error) {
                try bindLoopback(fd)
                guard listen(fd, 128) == 0 else { throw Error(function: "listen", errno: errno) }
                // Non-blocking, so an accept after a connection was reset in the meantime does not hang.
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            } catch {
                close(fd)
                throw error
            }
            return fd
        }

        static func bindLoopback(_ fd: Int32) throws(Error) {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard result == 0 else { throw .init(function: "bind", errno: errno) }
        }

        static func localPort(of fd: Int32) throws(Error) -> Int {
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let result = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            guard result == 0 else { throw .init(function: "getsockname", errno: errno) }
            return Int(UInt16(bigEndian: address.sin_port))
        }

        /// Starts a joinable thread running `body`.
        static func spawnThread(_ body: @escaping @Sendable () -> Void) throws(Error) -> pthread_t {
            let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
            var thread = pthread_t()
            let result = pthread_create(&thread, nil, { context in
                Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            }, context)
            guard result == 0 else {
                Unmanaged<ThreadBody>.fromOpaque(context).release()
                throw .init(function: "pthread_create", errno: result)
            }
            return thread
        }

        private final class ThreadBody: Sendable {
            let run: @Sendable () -> Void
            init(_ run: @escaping @Sendable () -> Void) { self.run = run }
        }
    }
}
