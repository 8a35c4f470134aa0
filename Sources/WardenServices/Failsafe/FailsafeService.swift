import Logging
import WardenCore
public import ServiceLifecycle

/// The failsafe's loop: restores persisted incidents on start, then every ``interval`` resumes
/// open incidents that stopped part-way (a failed read, an unresolved unknown outcome).
/// Escalations come in through ``EmergencyCloser/escalate(_:why:)`` from the exit path.
/// Returning means graceful shutdown began; an order in flight is finished first.
public struct FailsafeService: Service {
    public let closer: EmergencyCloser
    public let interval: Duration
    let progress: ProgressReporter?

    public init(closer: EmergencyCloser, interval: Duration = .seconds(15), progress: ProgressReporter? = nil) {
        self.closer = closer
        self.interval = interval
        self.progress = progress
    }

    public func run() async throws {
        var restored = await closer.restore()
        while !Task.isShuttingDownGracefully {
            progress?.report(.cycled)
            await Pause.for(interval)
            if Task.isShuttingDownGracefully { break }
            if !restored { restored = await closer.restore() }
            await closer.resume()
        }
    }
}
