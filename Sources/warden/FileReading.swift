import Glibc

/// Reads small text files (config, credentials) and reports failures as `strerror` text.
enum FileReading {
    /// Why a file could not be read; `missing` lets callers fall back to another source.
    enum Failure: Error {
        case missing
        case unreadable(String)
    }

    /// Reads at most `limit` bytes of UTF-8 text from `path`.
    static func text(_ path: String, limit: Int = 1 << 20) -> Result<String, Failure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(errno == ENOENT ? .missing : .unreadable(lastError())) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(lastError()))
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
            if bytes.count > limit { return .failure(.unreadable("larger than \(limit) bytes")) }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(.unreadable("not valid UTF-8"))
        }
        return .success(text)
    }

    private static func lastError() -> String {
        String(cString: strerror(errno)).lowercased()
    }
}
