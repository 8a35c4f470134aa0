internal import Synchronization

extension PaperExchange {
    /// The exchange's state behind a lock, shared by the HTTP handlers and by tests in-process.
    /// Each request runs as one critical section, so requests are atomic with respect to each other.
    public final class Store: Sendable {
        private let state: Mutex<State>

        public init(_ state: State = State()) {
            self.state = Mutex(state)
        }

        /// Runs `body` with exclusive access to the state.
        public func withState<R: Sendable>(_ body: (inout State) -> R) -> R {
            state.withLock { body(&$0) }
        }
    }
}
