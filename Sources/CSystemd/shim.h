#ifndef WARDEN_CSYSTEMD_SHIM_H
#define WARDEN_CSYSTEMD_SHIM_H
// Swift passes CODE_FILE/CODE_LINE/CODE_FUNC itself; keep the plain sd_journal_* functions.
#define SD_JOURNAL_SUPPRESS_LOCATION 1
#include <sys/uio.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <systemd/sd-bus.h>
#endif
