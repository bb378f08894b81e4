import NIOCore

/// The timing rules of one HTTP/1 connection, as a state machine over what the channel sees (bytes arriving, the
/// server asking for more, request parts decoded, responses finished) that answers when to check again and when to
/// close. Pure: the caller passes the time in and carries out the action.
///
/// - Waiting for a head: from the opening, or from the first byte after an idle spell, the head must be complete
///   within the header timeout.
/// - Reading a body: the deadline starts a grace period after the head and each byte pushes it `1 / rate` seconds
///   later, never more than the window past now (a token bucket: the rate averaged over the window).
/// - Handling: from the request's end until its response's end nothing is timed.
/// - Idle: after a response, the next request must start within the idle timeout.
///
/// The clock only runs while the server is waiting for bytes (it asked the socket for more and got none yet), so
/// a busy handler that stops reading, and thereby stops the client through TCP, doesn't get the client closed.
struct ConnectionDeadlines {
    enum Phase: Equatable {
        case awaitingHead, readingBody, handling, idle
    }

    /// Why a connection was closed; the raw values are metric labels.
    enum Reason: String, Sendable {
        case headerTimeout = "header_timeout"
        case bodyTooSlow = "body_too_slow"
        case idleTimeout = "idle_timeout"
    }

    enum Action: Equatable {
        case none
        /// Check again at this time (a timer that is already due sooner may stay).
        case check(at: NIODeadline)
        case close(Reason)
    }

    private let headerTimeout: TimeAmount?
    private let idleTimeout: TimeAmount?
    /// Nanoseconds of time each byte buys, nil when the rate check is off.
    private let nanosecondsPerByte: Double?
    private let grace: TimeAmount
    private let window: TimeAmount

    private(set) var phase: Phase = .awaitingHead
    /// When the current phase's rule is broken, before adding the time the server wasn't reading.
    private(set) var deadline: NIODeadline?
    /// Set while the server has bytes in hand and hasn't asked for more: the clock is stopped.
    private var pausedSince: NIODeadline?
    /// Requests whose head came in and whose response hasn't ended.
    private var openRequests = 0
    /// The current request's first line so far, in bytes, and whether it has ended: a head that overflows with a
    /// line this long has a URI too long rather than too many headers.
    private(set) var requestLineBytes = 0
    private var requestLineEnded = false

    init(limits: ServerLimits) {
        headerTimeout = Self.timeAmount(limits.headerTimeout)
        idleTimeout = Self.timeAmount(limits.idleTimeout)
        nanosecondsPerByte = limits.bodyMinimumRate > 0 ? 1e9 / Double(limits.bodyMinimumRate) : nil
        grace = Self.timeAmount(limits.bodyGracePeriod) ?? .zero
        window = Self.timeAmount(limits.bodyRateWindow) ?? .zero
    }

    /// The connection is open and waits for its first request.
    mutating func opened(now: NIODeadline) -> Action {
        phase = .awaitingHead
        return set(deadline: headerTimeout.map { now + $0 })
    }

    /// `count` bytes came off the socket; the server now has them in hand until it asks for more.
    mutating func bytesArrived(_ count: Int, now: NIODeadline) -> Action {
        defer { pausedSince = now }
        switch phase {
        case .idle:
            phase = .awaitingHead
            return set(deadline: headerTimeout.map { now + $0 })
        case .readingBody:
            guard let nanosecondsPerByte, let deadline else { return .none }
            let earned = deadline + .nanoseconds(Int64(min(Double(count) * nanosecondsPerByte, 1e18)))
            self.deadline = max(deadline, min(earned, now + window))
            return .none
        case .awaitingHead, .handling:
            return .none
        }
    }

    /// Measures the request line in bytes that arrived while it may be open, to tell a URI too long from headers
    /// too large. A request pipelined behind another in the same read is not measured (its line counts as short).
    mutating func measureRequestLine(_ bytes: ByteBufferView) {
        guard !requestLineEnded, phase == .awaitingHead || phase == .idle else { return }
        if let end = bytes.firstIndex(of: UInt8(ascii: "\n")) {
            requestLineBytes += end - bytes.startIndex
            requestLineEnded = true
        } else {
            requestLineBytes += bytes.count
        }
    }

    /// The server asked the socket for more bytes: the clock runs again, shifted by the time it was stopped.
    mutating func readRequested(now: NIODeadline) -> Action {
        guard let paused = pausedSince else { return .none }
        pausedSince = nil
        if let deadline { self.deadline = deadline + (now - paused) }
        return self.deadline.map { .check(at: $0) } ?? .none
    }

    /// A request's head was decoded.
    mutating func requestHead(now: NIODeadline) -> Action {
        openRequests += 1
        requestLineEnded = true
        guard phase == .awaitingHead || phase == .idle else { return .none }
        phase = .readingBody
        return set(deadline: nanosecondsPerByte == nil ? nil : now + grace)
    }

    /// A request's end was decoded: its handler may take as long as it needs.
    mutating func requestEnd() {
        requestLineBytes = 0
        requestLineEnded = false
        if phase == .readingBody {
            phase = .handling
            deadline = nil
        }
    }

    /// A response's end was written.
    mutating func responseEnd(now: NIODeadline) -> Action {
        openRequests = max(0, openRequests - 1)
        guard openRequests == 0, phase == .handling else { return .none }
        phase = .idle
        return set(deadline: idleTimeout.map { now + $0 })
    }

    /// A timer set for an earlier `.check` went off.
    func timerFired(now: NIODeadline) -> Action {
        guard let deadline else { return .none }
        let due = deadline + (pausedSince.map { now - $0 } ?? .zero)
        guard now >= due else { return .check(at: due) }
        switch phase {
        case .awaitingHead: return .close(.headerTimeout)
        case .readingBody: return .close(.bodyTooSlow)
        case .idle: return .close(.idleTimeout)
        case .handling: return .none
        }
    }

    private mutating func set(deadline: NIODeadline?) -> Action {
        self.deadline = deadline
        return deadline.map { .check(at: $0) } ?? .none
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount? {
        guard duration > .zero else { return nil }
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
