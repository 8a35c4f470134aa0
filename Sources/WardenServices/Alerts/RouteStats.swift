import Synchronization
public import WardenCore

/// One route's live ``RouteHealth``, written by its outbox and its delivery loop and read by
/// `/health`. A short lock: reading it never waits for a disk write or an HTTP call.
public final class RouteStats: Sendable {
    private let state: Mutex<RouteHealth>

    public init(name: String, kind: AlertRoute.Kind) {
        state = Mutex(RouteHealth(name: name, kind: kind))
    }

    public var snapshot: RouteHealth { state.withLock { $0 } }

    func update(_ change: (inout RouteHealth) -> Void) {
        state.withLock { change(&$0) }
    }
}
