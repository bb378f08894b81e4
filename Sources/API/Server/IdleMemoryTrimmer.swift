import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Hands the heap's free pages back to the system once the server has been quiet for a moment after some work.
/// glibc keeps what a burst of requests freed: measured after 16 large uploads and 1,000 mixed requests, the
/// process stayed at 70 MiB (from 43 MiB idle) until `malloc_trim`, which brought it to 46 MiB.
///
/// One trim per busy spell, `quietPeriod` after its last request, off the requests' path: a trim holds glibc's
/// arena locks while it walks the free lists. In `scripts/bench upload` a trim took 0.2-2.2 ms (63 MiB back to
/// 46); a synthetic heap of 20-500 MiB with nine blocks in ten freed took 30-160 ms. The pages it returns cost a
/// fault each when used again.
public final class IdleMemoryTrimmer: Service, Sendable {
    let quietPeriod: Duration
    private let trim: @Sendable () -> Void
    private let logger: Logger?
    /// When the last request ended, nil once memory was handed back since.
    private let lastActivity = Mutex<ContinuousClock.Instant?>(nil)

    public init(quietPeriod: Duration = .seconds(1), logger: Logger? = nil,
                trim: @escaping @Sendable () -> Void = MemoryRelease.trim) {
        self.quietPeriod = quietPeriod
        self.logger = logger
        self.trim = trim
    }

    /// A request ended.
    func noteActivity(now: ContinuousClock.Instant = .now) {
        lastActivity.withLock { $0 = now }
    }

    /// Trims when the last busy spell has been over for `quietPeriod`; true when it did.
    @discardableResult
    func check(now: ContinuousClock.Instant = .now) -> Bool {
        let due = lastActivity.withLock { last in
            guard let ended = last, now - ended >= quietPeriod else { return false }
            last = nil
            return true
        }
        guard due else { return false }
        let started = ContinuousClock.now
        // Reading the RSS costs a file read: only when someone looks.
        let before = (logger?.logLevel ?? .info) <= .debug ? MemoryRelease.residentBytes() : nil
        trim()
        if let before {
            let elapsed = (ContinuousClock.now - started).components
            let milliseconds = Double(elapsed.seconds) * 1_000 + Double(elapsed.attoseconds) / 1e15
            logger?.debug("memory handed back after a busy spell", metadata: [
                "rss_mib_before": "\(before >> 20)", "rss_mib_after": "\((MemoryRelease.residentBytes() ?? 0) >> 20)",
                "duration_ms": "\(String(format: "%.1f", milliseconds))",
            ])
        }
        return true
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.quietPeriod)
                self.check()
            }
        }
    }
}
