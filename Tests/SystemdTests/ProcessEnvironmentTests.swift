import Testing

/// Every test that sets NOTIFY_SOCKET, WATCHDOG_*, or JOURNAL_STREAM lives under this suite:
/// the environment is process-global and `.serialized` runs the nested suites one test at a time.
@Suite(.serialized)
enum ProcessEnvironmentTests {}
