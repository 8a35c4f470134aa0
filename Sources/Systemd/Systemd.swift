/// Namespace for the systemd adapter's shared types (`Systemd.Error`).
///
/// The adapter itself: `SystemdNotifier` (sd_notify, watchdog), `JournaldLogHandler`,
/// `StderrLogHandler` and `WardenLogHandler` (picks one of the two). No C type leaves this module.
public enum Systemd {}
