import ServiceLifecycle

/// Sleeps that end early when graceful shutdown starts, so a loop waiting for its next cycle
/// (a 60 s bootstrap interval, say) never holds up `systemctl stop`.
enum Pause {
    static func until(_ deadline: ContinuousClock.Instant) async {
        try? await cancelWhenGracefulShutdown {
            try await Task.sleep(until: deadline)
        }
    }

    static func `for`(_ duration: Duration) async {
        await until(.now + duration)
    }
}
