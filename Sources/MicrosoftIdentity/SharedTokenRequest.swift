import Synchronization

/// One token request that several callers wait for. A caller whose task is cancelled (a stopping service) stops
/// waiting at once, and the request itself is cancelled when nobody waits for it any more, so it never outlives
/// the callers that wanted it.
final class SharedTokenRequest: Sendable {
    private struct State {
        var result: Result<AccessToken, any Error>?
        var waiters: [UInt64: CheckedContinuation<AccessToken, any Error>] = [:]
        var nextID: UInt64 = 0
        var task: Task<Void, Never>?
        /// Every waiter left before the request ended: it is (or will be, once started) cancelled.
        var abandoned = false
    }

    private let state = Mutex(State())

    init() {}

    /// Runs `fetch` and hands its result to every waiter.
    func start(_ fetch: @escaping @Sendable () async -> Result<AccessToken, any Error>) {
        let task = Task {
            let result = await fetch()
            let waiters = self.state.withLock { state in
                state.result = result
                defer { state.waiters = [:] }
                return Array(state.waiters.values)
            }
            for waiter in waiters { waiter.resume(with: result) }
        }
        let abandoned = state.withLock { state in
            state.task = task
            return state.abandoned
        }
        if abandoned { task.cancel() }
    }

    /// The request's token, or its error; `CancellationError` when the calling task is cancelled first.
    func value() async throws -> AccessToken {
        let id = state.withLock { state in
            state.nextID &+= 1
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let immediate = state.withLock { state -> Result<AccessToken, any Error>? in
                    if let result = state.result { return result }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            typealias Taken = (CheckedContinuation<AccessToken, any Error>?, Task<Void, Never>?)
            let (waiter, orphaned) = state.withLock { state -> Taken in
                let waiter = state.waiters.removeValue(forKey: id)
                guard state.waiters.isEmpty, state.result == nil else { return (waiter, nil) }
                state.abandoned = true
                return (waiter, state.task)
            }
            waiter?.resume(throwing: CancellationError())
            orphaned?.cancel()
        }
    }
}
