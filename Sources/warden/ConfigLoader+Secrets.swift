import WardenCore

extension ConfigLoader {
    /// Secrets come from systemd credentials (`$CREDENTIALS_DIRECTORY/<name>`) first, then from
    /// the environment. A credential that exists but cannot be read is a problem, never a fallback.
    func readSecrets(into outcome: inout Outcome) {
        for (path, credential, variable) in Secrets.sources {
            var secret: Secret?
            if let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty {
                switch FileReading.text("\(directory)/\(credential)", limit: 4096) {
                case .success(let text):
                    let value = text.trimmingTrailingNewlines()
                    if value.isEmpty {
                        outcome.problems.append(ConfigProblem(key: path, "credential \(credential) is empty"))
                    } else {
                        secret = Secret(value, source: "credential \(credential)")
                    }
                case .failure(.unreadable(let why)):
                    outcome.problems.append(ConfigProblem(key: path, "credential \(credential) is unreadable: \(why)"))
                case .failure(.missing):
                    break
                }
            }
            if secret == nil, let value = environment[variable], !value.isEmpty {
                secret = Secret(value, source: "environment \(variable)")
            }
            outcome.secrets[path: path] = secret
        }
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = Substring(self)
        while let last = s.last, last == "\n" || last == "\r" || last == " " { s.removeLast() }
        return String(s)
    }
}
