/// Whether start-up finished: the first bootstrap loaded the book (Redis reachable, positions loaded).
public actor Readiness {
    public private(set) var isBootstrapped = false
    /// Set when READY=1 was sent without a bootstrap, saying why.
    public private(set) var degradedReason: String?
    /// Set once graceful shutdown began: from then on loops end one by one, which is not a hang.
    public private(set) var isStopping = false

    public init() {}

    public func bootstrapped() {
        isBootstrapped = true
        degradedReason = nil
    }

    func stopping() {
        isStopping = true
    }

    func startedDegraded(_ reason: String) {
        if !isBootstrapped { degradedReason = reason }
    }
}
