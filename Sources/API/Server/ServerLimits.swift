/// How long the server waits for clients, how many it serves at once, and how much request-body memory they may
/// hold together. A slow, huge or vanishing client costs a bounded share of the process; a handler that takes long
/// to answer is never cut.
///
/// A timeout or rate of zero turns that check off; so does a maximum of zero.
public struct ServerLimits: Sendable, Equatable {
    /// From a connection's opening (for its first request) or from the first byte of a later request until the
    /// request's head (request line and headers) is complete. Slowloris clients that trickle headers are closed
    /// after this.
    public var headerTimeout: Duration
    /// The least average rate, in bytes per second, at which a request body must keep arriving once the head is in.
    /// Time during which the server itself is not reading (back-pressure from a busy handler) does not count.
    public var bodyMinimumRate: Int
    /// How long a body may take to start arriving before the rate applies.
    public var bodyGracePeriod: Duration
    /// The rate is averaged over this window: each byte buys `1 / bodyMinimumRate` seconds, and at most this much
    /// time can be banked, so a body that stops for longer than the window is closed however fast it came before.
    public var bodyRateWindow: Duration
    /// How long a keep-alive connection may wait, between requests, before the next request's first byte.
    public var idleTimeout: Duration
    /// Connections open at once; the server stops accepting beyond it, and the kernel's backlog holds the rest
    /// until one closes.
    public var maximumConnections: Int
    /// The request bodies being read, all requests together, in bytes. A body that doesn't fit is refused with a
    /// 503 and `Retry-After`; the per-request limit (64 MiB, 413) still applies.
    public var maximumBodyMemory: Int

    public init(headerTimeout: Duration = .seconds(10), bodyMinimumRate: Int = 8 * 1_024,
                bodyGracePeriod: Duration = .seconds(10), bodyRateWindow: Duration = .seconds(20),
                idleTimeout: Duration = .seconds(60), maximumConnections: Int = 1_024,
                maximumBodyMemory: Int = 256 * 1_024 * 1_024) {
        self.headerTimeout = headerTimeout
        self.bodyMinimumRate = bodyMinimumRate
        self.bodyGracePeriod = bodyGracePeriod
        self.bodyRateWindow = bodyRateWindow
        self.idleTimeout = idleTimeout
        self.maximumConnections = maximumConnections
        self.maximumBodyMemory = maximumBodyMemory
    }

    /// The defaults, and why:
    /// - header timeout 10 s: a request head is a few hundred bytes, sent in one packet by every real client;
    ///   10 s covers a slow mobile round trip many times over, and frees a slowloris connection quickly.
    /// - body rate 8 KiB/s (64 kbit/s, slower than any network an API client uses), after a 10 s grace, averaged
    ///   over 20 s: the slow-body attacks seen in the wild (a byte every few seconds) are closed within 30 s, a
    ///   64 MiB body at the slowest allowed rate takes at most 2.3 hours, and holding all 1,024 connections takes
    ///   an attacker 8 MiB/s of steady upload.
    /// - idle 60 s: longer than the keep-alive timeouts of common HTTP clients' pools (URLSession, curl, Python's
    ///   requests reuse within seconds), short enough that abandoned connections don't pile up.
    /// - 1,024 connections: far above what an API behind a handful of bots needs, well below the process's file
    ///   descriptor limit.
    /// - 256 MiB of bodies: four maximum-size (64 MiB) uploads at once, or thousands of ordinary ones.
    public static let `default` = ServerLimits()

    /// Nil when the limits make sense, else what is wrong, naming the option.
    public var problem: String? {
        if headerTimeout < .zero { return "--header-timeout must not be negative" }
        if idleTimeout < .zero { return "--idle-timeout must not be negative" }
        if bodyMinimumRate < 0 { return "--body-min-rate must not be negative" }
        if maximumConnections < 0 { return "--max-connections must not be negative" }
        if maximumBodyMemory < 0 { return "--max-body-memory must not be negative" }
        if bodyGracePeriod < .zero || bodyRateWindow < .zero { return "the body grace and window must not be negative" }
        return nil
    }
}
