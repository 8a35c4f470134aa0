import Glibc

extension ConfigLoader {
    /// The process environment, read from `environ` (the first of duplicate names wins, as with `getenv`).
    static var processEnvironment: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "="), result[String(text[..<eq])] == nil {
                result[String(text[..<eq])] = String(text[text.index(after: eq)...])
            }
            pointer += 1
        }
        return result
    }
}
