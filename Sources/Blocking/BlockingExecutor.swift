import Dispatch

/// A serial executor backed by its own `DispatchQueue`, for actors that make blocking C calls.
///
/// Swift's cooperative pool has one thread per core (two here); a blocking `hiredis` read or
/// `curl_easy_perform` on it starves every other task. An actor whose `unownedExecutor` is one of
/// these runs its jobs on a dispatch worker thread instead, so blocking stays off the pool.
///
/// It is also a `TaskExecutor`: a loop that mostly talks to one blocking client can prefer its
/// executor (`withTaskExecutorPreference`), so its own code and that client's calls run on one
/// thread, one after the other, instead of hopping to the pool and back on every call.
public final class BlockingExecutor: SerialExecutor, TaskExecutor {
    private let queue: DispatchQueue

    /// - Parameter label: names the queue (visible in debuggers and thread dumps).
    public init(label: String) {
        // Default QoS: a QoS class makes libdispatch set thread priorities, which the unit's
        // SystemCallFilter=~@resources refuses (and logs).
        self.queue = DispatchQueue(label: label)
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        let serial = self.asUnownedSerialExecutor()
        let task = self.asUnownedTaskExecutor()
        self.queue.async {
            unowned.runSynchronously(isolatedTo: serial, taskExecutor: task)
        }
    }

    public func asUnownedTaskExecutor() -> UnownedTaskExecutor {
        UnownedTaskExecutor(ordinary: self)
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}
