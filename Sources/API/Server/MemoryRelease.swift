import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// glibc's heap keeps what it freed: after a burst of large request bodies, the process's resident size stays
/// near its peak unless it is told to give the free pages back. No-ops where the C library isn't glibc.
public enum MemoryRelease {
    /// Returns the heap's free pages to the system (`malloc_trim(0)`), in every arena.
    public static func trim() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = glibcSymbol("malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }

    /// Caps how many malloc arenas glibc creates (`mallopt(M_ARENA_MAX, count)`); call it before threads start.
    /// Fewer arenas mean less memory held per thread that once allocated, at some cost in lock contention.
    /// Returns false when the call isn't available or fails.
    @discardableResult
    public static func limitArenas(to count: Int) -> Bool {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = glibcSymbol("mallopt") else { return false }
        // M_ARENA_MAX in <malloc.h>.
        return unsafeBitCast(symbol, to: Mallopt.self)(-8, Int32(clamping: count)) == 1
        #else
        return false
        #endif
    }

    #if canImport(Glibc)
    /// `malloc_trim` and `mallopt` are glibc's but <malloc.h> doesn't come through Swift's Glibc module.
    private static func glibcSymbol(_ name: String) -> UnsafeMutableRawPointer? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)  // RTLD_DEFAULT
    }
    #endif

    /// The process's resident set size in bytes (`VmRSS` in /proc/self/status), nil where there is none.
    public static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces).split(separator: " ")[0])
        else { return nil }
        return kilobytes * 1_024
    }
}
