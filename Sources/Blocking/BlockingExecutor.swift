import Dispatch

/// A serial executor backed by its own `DispatchQueue`, for actors that make blocking C calls.
///
/// Swift's cooperative pool has one thread per core (two here); a blocking `hiredis` read or
/// `curl_easy_perform` on it starves every other task. An actor whose `unownedExecutor` is one of
/// these runs its jobs on a dispatch worker thread instead, so blocking stays off the pool.
public final class BlockingExecutor: SerialExecutor {
    private let queue: DispatchQueue

    /// - Parameter label: names the queue (visible in debuggers and thread dumps).
    public init(label: String) {
        // Default QoS: a QoS class makes libdispatch set thread priorities, which the unit's
        // SystemCallFilter=~@resources refuses (and logs).
        self.queue = DispatchQueue(label: label)
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        let executor = self.asUnownedSerialExecutor()
        self.queue.async {
            unowned.runSynchronously(on: executor)
        }
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}
