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
        await withDiscardingTaskGroup { group in
            // Submitted escalations, each carried out in its own child task so that one incident's
            // paced queries never hold up another's.
            group.addTask {
                await cancelWhenGracefulShutdown {
                    await withDiscardingTaskGroup { incidents in
                        for await (key, why) in closer.requests {
                            incidents.addTask { await closer.escalate(key, why: why) }
                        }
                    }
                }
            }
            await closer.syncClock()
            var restored = await closer.restore()
            while !Task.isShuttingDownGracefully {
                progress?.report(.cycled)
                await closer.syncClock()
                await Pause.for(interval)
                if Task.isShuttingDownGracefully { break }
                if !restored { restored = await closer.restore() }
                await closer.resume()
            }
            closer.requestSink.finish()
        }
    }
}
