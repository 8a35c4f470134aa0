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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/// A reply read without one allocation per element: hiredis's reader calls these functions
/// (`redisReplyObjectFunctions`) for every element, and they append a node in pre-order (an array
/// before its elements) plus the string bytes to two growing buffers of one builder per
/// connection. The "object" handed back to hiredis is the builder itself, never freed by it.
typedef struct warden_reply_node {
    int32_t type;    /* REDIS_REPLY_* */
    int32_t unused;
    int64_t value;   /* integer value, element count of an array, or offset of a string's bytes */
    int64_t length;  /* length of a string's bytes */
} warden_reply_node;

typedef struct warden_reply_builder {
    warden_reply_node *nodes;
    size_t node_count, node_capacity;
    char *bytes;
    size_t byte_count, byte_capacity;
} warden_reply_builder;

static inline int warden_reply_reserve(void **buffer, size_t *capacity, size_t needed, size_t unit) {
    if (needed <= *capacity) return 1;
    size_t grown = *capacity < 64 ? 64 : *capacity;
    while (grown < needed) grown *= 2;
    void *moved = realloc(*buffer, grown * unit);
    if (moved == NULL) return 0;
    *buffer = moved;
    *capacity = grown;
    return 1;
}

/* NULL tells hiredis "out of memory": it then fails the read with REDIS_ERR_OOM. */
static inline void *warden_reply_push(const redisReadTask *task, int type, int64_t value, int64_t length) {
    warden_reply_builder *b = (warden_reply_builder *)task->privdata;
    if (!warden_reply_reserve((void **)&b->nodes, &b->node_capacity, b->node_count + 1, sizeof(warden_reply_node)))
        return NULL;
    warden_reply_node *n = &b->nodes[b->node_count++];
    n->type = type;
    n->unused = 0;
    n->value = value;
    n->length = length;
    return b;
}

static void *warden_reply_string(const redisReadTask *task, char *str, size_t len) {
    warden_reply_builder *b = (warden_reply_builder *)task->privdata;
    if (!warden_reply_reserve((void **)&b->bytes, &b->byte_capacity, b->byte_count + len, 1)) return NULL;
    if (len > 0) memcpy(b->bytes + b->byte_count, str, len);
    b->byte_count += len;
    return warden_reply_push(task, task->type, (int64_t)(b->byte_count - len), (int64_t)len);
}

static void *warden_reply_array(const redisReadTask *task, int elements) {
    return warden_reply_push(task, REDIS_REPLY_ARRAY, elements, 0);
}

static void *warden_reply_integer(const redisReadTask *task, long long value) {
    return warden_reply_push(task, REDIS_REPLY_INTEGER, value, 0);
}

static void *warden_reply_nil(const redisReadTask *task) {
    return warden_reply_push(task, REDIS_REPLY_NIL, 0, 0);
}

static void warden_reply_free(void *object) { (void)object; }

static redisReplyObjectFunctions warden_reply_functions = {
    warden_reply_string, warden_reply_array, warden_reply_integer, warden_reply_nil, warden_reply_free,
};

/// Makes `context` read every reply into `builder` (owned by the caller, freed after the context).
static inline void warden_redis_use_builder(redisContext *context, warden_reply_builder *builder) {
    context->reader->fn = &warden_reply_functions;
    context->reader->privdata = builder;
}

/// Empties the builder for the next reply, keeping its buffers.
static inline void warden_reply_reset(warden_reply_builder *builder) {
    builder->node_count = 0;
    builder->byte_count = 0;
}

static inline void warden_reply_release(warden_reply_builder *builder) {
    free(builder->nodes);
    free(builder->bytes);
    builder->nodes = NULL;
    builder->bytes = NULL;
    builder->node_count = builder->node_capacity = builder->byte_count = builder->byte_capacity = 0;
}
#endif
