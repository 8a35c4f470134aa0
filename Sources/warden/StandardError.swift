import Glibc

/// Writes one line to standard error in a single `write(2)`.
func printToStandardError(_ line: String) {
    var bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}
