#ifndef WARDEN_CHIREDIS_SHIM_H
#define WARDEN_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>

/// errstr imports as a fixed-size tuple; hand back a pointer instead.
static inline const char *warden_redis_errstr(const redisContext *c) { return c->errstr; }
static inline int warden_redis_err(const redisContext *c) { return c->err; }
static inline int warden_redis_fd(const redisContext *c) { return c->fd; }
#endif
