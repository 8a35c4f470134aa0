/// When an exit is due but the exit path is known broken, the failsafe should not wait for the
/// book's own timeouts: the execution service's consumer is stalled, its unit is in a restart
/// storm, or safe mode is stuck blocking every order.
public enum EscalationPolicy {
    /// The alerts that mean "close intents will not be executed".
    public static let brokenPathAlerts: Set<AlertName> = [.consumerStalled, .restartStorm, .safeModeStuck]

    /// Positions to hand to the failsafe now, and the reason. `already` holds positions handed over
    /// before; it is pruned to `due` (a position that left and came back is new) and updated.
    public static func escalations(firing: [Alert], due: [PositionKey], already: inout Set<PositionKey>)
        -> [(key: PositionKey, why: String)]
    {
        already.formIntersection(due)
        guard let cause = firing.filter({ brokenPathAlerts.contains($0.key.name) }).min(by: { $0.key < $1.key }) else { return [] }
        var out: [(PositionKey, String)] = []
        for key in due.sorted() where !already.contains(key) {
            already.insert(key)
            out.append((key, "exit due while \(cause.key.name.rawValue) is firing (\(cause.key.subject))"))
        }
        return out
    }
}
