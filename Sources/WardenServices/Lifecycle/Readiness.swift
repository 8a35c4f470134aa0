/// Whether start-up finished: the first bootstrap loaded the book (Redis reachable, positions loaded).
public actor Readiness {
    public private(set) var isBootstrapped = false
    /// Set when READY=1 was sent without a bootstrap, saying why.
    public private(set) var degradedReason: String?

    public init() {}

    public func bootstrapped() {
        isBootstrapped = true
        degradedReason = nil
    }

    func startedDegraded(_ reason: String) {
        if !isBootstrapped { degradedReason = reason }
    }
}
