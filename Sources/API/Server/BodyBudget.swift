import Hummingbird
import Synchronization

/// The memory all request bodies being read may hold together. Each request reserves from it as its body is
/// collected (by `Content-Length` up front when given, else chunk by chunk) and gives everything back when it is
/// answered, whatever happened; a body that doesn't fit is refused at once (503), never waited for, so requests
/// can't wait on one another.
///
/// When the reservations drop back to zero after a peak of at least `trimThreshold` bytes, the heap's free pages
/// are handed back to the system (glibc keeps them otherwise, and the process stays at its peak size).
public final class BodyBudget: Sendable {
    public let limit: Int
    let trimThreshold: Int
    private let release: @Sendable () -> Void
    private let state = Mutex(State())

    struct State {
        var inUse = 0
        /// The highest `inUse` since memory was last handed back.
        var peak = 0
    }

    /// - Parameters:
    ///   - limit: bytes of bodies in flight, all requests together.
    ///   - trimThreshold: a peak from which memory is handed back once the budget is idle again.
    ///   - releaseMemory: what hands it back (tests count the calls).
    public init(limit: Int, trimThreshold: Int = 16 * 1_024 * 1_024,
                releaseMemory: @escaping @Sendable () -> Void = MemoryRelease.trim) {
        self.limit = limit
        self.trimThreshold = trimThreshold
        release = releaseMemory
    }

    /// Bytes reserved now.
    public var inUse: Int { state.withLock { $0.inUse } }

    /// Takes `bytes` from the budget; false (and nothing taken) when they don't fit.
    func reserve(_ bytes: Int) -> Bool {
        state.withLock { state in
            guard bytes <= limit - state.inUse else { return false }
            state.inUse += bytes
            state.peak = max(state.peak, state.inUse)
            return true
        }
    }

    func giveBack(_ bytes: Int) {
        let trim = state.withLock { state in
            state.inUse -= bytes
            guard state.inUse == 0, state.peak >= trimThreshold else { return false }
            state.peak = 0
            return true
        }
        if trim { release() }
    }
}

/// What one request holds of the budget; the response middleware gives it all back when the request is answered.
final class BodyReservation: Sendable {
    let budget: BodyBudget
    private let held = Mutex(0)

    init(budget: BodyBudget) { self.budget = budget }

    /// - Throws: 413 when `bytes` exceed the whole budget (they never could fit), 503 with `Retry-After` when the
    ///   budget is spent for now.
    func reserve(_ bytes: Int) throws(APIError) {
        guard bytes > 0 else { return }
        guard held.withLock({ $0 }) + bytes <= budget.limit else {
            throw APIError(.contentTooLarge, "the request body is larger than the server accepts"
                           + " (\(Self.describe(budget.limit)) of request bodies at once)")
        }
        guard budget.reserve(bytes) else {
            var error = APIError(.serviceUnavailable, "the server is reading too many request bodies at once"
                                 + " (\(Self.describe(budget.limit)) in all); retry in a few seconds")
            error.retryAfter = 2
            throw error
        }
        held.withLock { $0 += bytes }
    }

    static func describe(_ bytes: Int) -> String {
        bytes >= 1_048_576 && bytes % 1_048_576 == 0 ? "\(bytes / 1_048_576) MiB" : "\(bytes) bytes"
    }

    /// Gives back everything this request reserved.
    func releaseAll() {
        let bytes = held.withLock { held in
            defer { held = 0 }
            return held
        }
        if bytes > 0 { budget.giveBack(bytes) }
    }
}
