import Testing

/// Every test that runs a real redis-server, one test at a time.
///
/// Run in parallel, these tests start ~25 servers at once, and on a 2-core host that burst of
/// process start-ups delays timer wake-ups by 10–40 ms, even on a plain thread that touches
/// nothing of ours (measured). `RedisBlockingTests` times wake-ups to 20 ms, so the burst must
/// not overlap its measurement.
@Suite(.serialized)
struct RedisLiveIsolatedTests {}
