public import WardenCore

/// The failpoints of this process. Empty unless `WARDEN_FAILPOINTS` is set; a hit on an empty
/// set is one `isEmpty` check.
public struct Failpoints: Sendable {
    let points: [String: FailpointAction]

    public static let none = Failpoints(points: [:])

    public init(points: [String: FailpointAction]) {
        self.points = points
    }

    /// Acts on the failpoint `name` if one is set.
    public func hit(_ name: String) async {
        guard !points.isEmpty, let action = points[name] else { return }
        switch action {
        case .stall:
            // Progress stops here; cancellation (shutdown) still ends the wait.
            try? await Task.sleep(for: .seconds(365 * 86_400))
        case .panic:
            fatalError("failpoint \(name)=panic")
        case .delay(let d):
            try? await Task.sleep(for: d)
        }
    }
}
