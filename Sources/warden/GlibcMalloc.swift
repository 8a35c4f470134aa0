import Glibc

/// glibc's malloc tuning calls. They are declared in `<malloc.h>`, which the Glibc module does
/// not import, so they are looked up by name; a libc without them leaves the defaults.
enum GlibcMalloc {
    /// `mallopt(M_ARENA_MAX, n)`.
    static func setArenaMax(_ n: Int32) {
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mArenaMax: Int32 = -8  // M_ARENA_MAX in <malloc.h>
        guard let mallopt: Mallopt = symbol("mallopt") else { return }
        _ = mallopt(mArenaMax, n)
    }

    /// `malloc_trim(0)`: gives every free page of the heap back to the kernel.
    static func trim() {
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let mallocTrim: MallocTrim = symbol("malloc_trim") else { return }
        _ = mallocTrim(0)
    }

    private static func symbol<Function>(_ name: String) -> Function? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name).map { unsafeBitCast($0, to: Function.self) }
    }
}
