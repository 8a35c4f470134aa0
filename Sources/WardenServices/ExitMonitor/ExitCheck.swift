import Blocking
public import ServiceLifecycle
import WardenCore

/// Every second: re-sends close intents not confirmed within `exit.confirm_timeout_s`, and
/// reports the exit path broken when the re-send is not confirmed either.
public struct ExitCheck: Service {
    let interval: Duration
    let loop: BookLoop
    let failpoints: Failpoints

    public init(interval: Duration = .seconds(1), loop: BookLoop, failpoints: Failpoints = .none) {
        self.interval = interval
        self.loop = loop
        self.failpoints = failpoints
    }

    public func run() async {
        var pending = PendingWrites(logger: loop.logger, what: "exit check writes (Redis)")
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let started = ContinuousClock.now
            await failpoints.hit("exit-check")
            pending.actions += await loop.monitor.check(now: WallTime(milliseconds: SystemTime.milliseconds()))
            let written = await pending.flush(loop)
            loop.progress.report(written ? .cycled : .dependencyDown)
            // Not on the shared grid (`Pause.untilNextTick`): a re-send made at one tick would be
            // checked 20 s later at a tick exactly 20 s on, which wake-up jitter puts a hair short
            // half the time, escalating a second late.
            await Pause.until(started + interval)
        }
    }
}
