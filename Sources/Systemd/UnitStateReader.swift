internal import Blocking

/// Reads a systemd unit's `NRestarts`, `ActiveState`, `SubState` and `Result` over D-Bus (sd-bus).
///
/// Calls block (each for at most `callTimeout`), so the actor runs on a `BlockingExecutor`, off
/// Swift's cooperative pool. It holds one connection, opened on first use; when the connection
/// breaks (the bus restarted), it is dropped and reopened, and the read is retried once.
public actor UnitStateReader {
    nonisolated let executor: BlockingExecutor
    private let address: String?
    private let callTimeout: Duration
    private var connection: BusConnection?

    /// - Parameters:
    ///   - busAddress: a D-Bus address (`unix:path=…`); nil means the system bus
    ///     (`DBUS_SYSTEM_BUS_ADDRESS` if set, else `/run/dbus/system_bus_socket`).
    ///   - callTimeout: how long one D-Bus call may take; one `state(of:)` makes five.
    public init(busAddress: String? = nil, callTimeout: Duration = .seconds(2)) {
        self.executor = BlockingExecutor(label: "warden.systemd.unit-state")
        self.address = busAddress
        self.callTimeout = callTimeout
    }

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    /// The unit's current state. Only `.service` units have `NRestarts` and `Result`.
    /// - Throws: `.unitNotFound` for a unit systemd cannot find; `.call` when the bus fails.
    public func state(of unit: String) throws(Error) -> UnitState {
        var retried = false
        while true {
            let reused = connection != nil
            let bus = try connect()
            do {
                return try Self.read(unit, on: bus)
            } catch {
                if error.breaksConnection || !bus.isOpen {
                    connection = nil
                    if reused && !retried {
                        retried = true
                        continue
                    }
                }
                throw error
            }
        }
    }

    /// Closes the connection now (it is reopened on the next read).
    public func disconnect() {
        connection = nil
    }

    private func connect() throws(Error) -> BusConnection {
        if let connection, connection.isOpen { return connection }
        connection = nil
        let opened = try BusConnection.open(address: address, callTimeout: callTimeout)
        connection = opened
        return opened
    }

    private static func read(_ unit: String, on bus: BusConnection) throws(Error) -> UnitState {
        let path = try bus.loadUnit(unit)
        let unitInterface = "org.freedesktop.systemd1.Unit"
        if try bus.string(path, unitInterface, "LoadState") == "not-found" { throw .unitNotFound(unit: unit) }
        let activeState = try bus.string(path, unitInterface, "ActiveState")
        let subState = try bus.string(path, unitInterface, "SubState")
        let serviceInterface = "org.freedesktop.systemd1.Service"
        let nRestarts = try bus.uint32(path, serviceInterface, "NRestarts")
        let result = try bus.string(path, serviceInterface, "Result")
        return UnitState(nRestarts: nRestarts, activeState: activeState, subState: subState, result: result)
    }
}
