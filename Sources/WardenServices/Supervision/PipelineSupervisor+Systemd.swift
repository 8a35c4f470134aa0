import Blocking
import Logging
import Systemd
import WardenCore

/// The systemd side of supervision: `NRestarts`/state of each watched unit over sd-bus, and the
/// err-or-worse journal lines of those units for RepeatedErrors.
public struct UnitWatch: Sendable {
    let units: [String]
    let reader: UnitStateReader
    let journal: JournalReader

    public init(units: [String]) {
        self.units = units
        reader = UnitStateReader()
        journal = JournalReader(units: units)
    }
}

extension PipelineSupervisor {
    /// Reads each watched unit's state (nil sample when it cannot be read) and feeds new journal
    /// errors to the error feed. A journal that cannot be read is said once, then skipped.
    func sampleUnits(into inputs: inout SupervisorSet.Inputs, journalWarned: inout Bool) async {
        guard let watch = units else { return }
        for unit in watch.units {
            do {
                let s = try await watch.reader.state(of: unit)
                inputs.units[unit] = RestartStormEvaluator.Sample(nRestarts: s.nRestarts, activeState: s.activeState, result: s.result)
            } catch {
                inputs.units[unit] = .some(nil)
            }
        }
        do {
            for e in try await watch.journal.next(max: 500) {
                let at = WallTime(milliseconds: Int64(e.realtimeMicroseconds / 1000))
                errors.push(e.message, source: .journal, at: at)
            }
        } catch {
            if !journalWarned {
                journalWarned = true
                logger.warning("watched units' journal is not readable; RepeatedErrors uses Warden's own errors and execution results only",
                               metadata: ["warden.event": "JOURNAL_UNAVAILABLE", "detail": "\(error)"])
            }
        }
    }
}
