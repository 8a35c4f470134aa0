import Glibc
import Logging
public import WardenCore

/// Firing alerts outlive a restart: `<state.dir>/alerts-firing.json` holds each firing alert and
/// when each route was last told (``FiringSnapshot``), rewritten durably whenever that changes.
/// On start it is read back, so an alert that cleared while Warden was down still gets its one
/// resolve at the routes that were told it fired, and re-notifications keep their cadence.
extension AlertDispatcher {
    /// The alerts that were firing when the last run ended (read on first use), for the
    /// supervisors' tracker to take back (``SupervisorState/restore(_:now:)``).
    public func restoredFiring() -> [Alert] {
        loadIfNeeded()
        return restored
    }

    /// Reads the file back into the routing state; a damaged file is set aside as `*.bad`.
    func loadFiring() {
        guard let file = firingFile, let bytes = OutboxDirectory.read(file) else { return }
        guard let entries = FiringSnapshot.parse(bytes) else {
            rename(file, file + ".bad")
            logger.error("alert state file damaged; set aside, firing alerts from before the restart are not restored",
                         metadata: ["warden.event": "ALERT_STATE_DAMAGED", "path": "\(file).bad"])
            return
        }
        machine.restore(entries)
        restored = entries.map(\.alert)
        lastFiringBytes = bytes
        if !entries.isEmpty {
            logger.notice("firing alerts restored from the last run", metadata: [
                "warden.event": "ALERT_STATE_RESTORED", "alerts": "\(entries.count)"])
        }
    }

    /// Rewrites the file when the firing set or a route's last notification changed.
    func persistFiring() {
        guard let file = firingFile, let directory = stateDirectory, !routes.isEmpty else { return }
        let bytes = FiringSnapshot.encode(machine.remembered)
        guard bytes != lastFiringBytes else { return }
        do {
            try OutboxDirectory(path: directory).create()
            try OutboxDirectory.writeDurably(file, in: directory, bytes)
            lastFiringBytes = bytes
            firingWriteFailed = false
        } catch {
            // Delivery goes on from memory; only a restart would lose the resolves owed.
            if !firingWriteFailed {
                logger.error("cannot save the firing alerts: \(error)", metadata: [
                    "warden.event": "ALERT_STATE_FAILED", "path": "\(file)"])
            }
            firingWriteFailed = true
        }
    }
}
