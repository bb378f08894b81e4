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

    #if canImport(Glibc)
    /// `malloc_trim` is glibc's but <malloc.h> doesn't come through Swift's Glibc module.
    private static func glibcSymbol(_ name: String) -> UnsafeMutableRawPointer? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)  // RTLD_DEFAULT
    }
    #endif

    /// The process's resident set size in bytes (`VmRSS` in /proc/self/status), nil where there is none.
    public static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = line.dropFirst(6).split(separator: " ").first.flatMap({ Int($0) })
        else { return nil }
        return kilobytes * 1_024
    }
}
