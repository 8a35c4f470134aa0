import Glibc

/// Runs `body` with environment variables set (a value) or unset (nil), then restores them.
///
/// The environment is process-global: call this only from `ProcessEnvironmentTests`, which is serialized.
func withEnvironment<R>(_ changes: [String: String?], _ body: () throws -> R) rethrows -> R {
    var saved: [String: String?] = [:]
    for (name, value) in changes {
        saved[name] = getenv(name).map { String(cString: $0) }
        setOrUnset(name, value)
    }
    defer {
        for (name, value) in saved { setOrUnset(name, value) }
    }
    return try body()
}

private func setOrUnset(_ name: String, _ value: String?) {
    if let value {
        setenv(name, value, 1)
    } else {
        unsetenv(name)
    }
}

/// A fresh private directory under /tmp, removed by `removeTemporaryDirectory`.
func makeTemporaryDirectory() -> String {
    var template = Array("/tmp/warden-systemd-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!).map { String(cString: $0) } }
    guard let made else { preconditionFailure("mkdtemp failed: errno \(errno)") }
    return made
}

/// Removes a directory made by `makeTemporaryDirectory` and the plain files in it.
func removeTemporaryDirectory(_ path: String) {
    guard let directory = opendir(path) else { return }
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) {
            String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
        }
        if name != "." && name != ".." { unlink("\(path)/\(name)") }
    }
    closedir(directory)
    rmdir(path)
}
