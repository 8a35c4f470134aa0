/// Namespace of the Redis adapter: a blocking hiredis client kept off Swift's cooperative pool.
public enum Redis {}
