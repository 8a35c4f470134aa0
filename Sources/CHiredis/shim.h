#ifndef WARDEN_CHIREDIS_SHIM_H
#define WARDEN_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#include <signal.h>
#include <stddef.h>

/// errstr imports as a fixed-size tuple; hand back a pointer instead.
static inline const char *warden_redis_errstr(const redisContext *c) { return c->errstr; }
static inline int warden_redis_err(const redisContext *c) { return c->err; }
static inline int warden_redis_fd(const redisContext *c) { return c->fd; }

/// hiredis sends with write(2), so a write to a connection the server has closed raises SIGPIPE,
/// which kills the process. Ignore SIGPIPE, unless the program already installed a handler.
static inline void warden_redis_ignore_sigpipe(void) {
    struct sigaction current;
    if (sigaction(SIGPIPE, NULL, &current) == 0 && current.sa_handler == SIG_DFL) {
        signal(SIGPIPE, SIG_IGN);
    }
}
#endif
