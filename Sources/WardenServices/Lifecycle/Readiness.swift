/// Whether start-up finished: the first bootstrap loaded the book (Redis reachable, positions loaded).
public actor Readiness {
    public private(set) var isBootstrapped = false
    /// Set when READY=1 was sent without a bootstrap, saying why.
    public private(set) var degradedReason: String?
    /// Set once graceful shutdown began: from then on loops end one by one, which is not a hang.
    public private(set) var isStopping = false
    /// Rung by the first bootstrap, so start-up waits for it instead of polling.
    nonisolated let bootstrapBell = Doorbell()

    public init() {}

    public func bootstrapped() {
        isBootstrapped = true
        degradedReason = nil
        bootstrapBell.ring()
    }

    func stopping() {
        isStopping = true
    }

    func startedDegraded(_ reason: String) {
        if !isBootstrapped { degradedReason = reason }
    }
}
