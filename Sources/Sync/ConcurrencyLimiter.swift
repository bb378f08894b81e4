import Synchronization

/// At most `limit` operations at once; the others wait in order. A task cancelled while it waits stops waiting
/// (a stopping service never waits for a permit): its operation then runs at once, without a permit, to notice
/// the cancellation and end.
final class ConcurrencyLimiter: Sendable {
    private struct State {
        var inUse = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []
        var nextID: UInt64 = 0
    }

    private let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Runs `operation` once a permit is free (or at once, without one, when the task is cancelled while it
    /// waits). The operation runs where its caller does and may change the caller's state (a pass's report).
    func withPermit<T>(_ operation: () async throws -> T) async rethrows -> T {
        let granted = await acquire()
        defer { if granted { release() } }
        return try await operation()
    }

    /// True with a permit; false when the task was cancelled first.
    private func acquire() async -> Bool {
        let id = state.withLock { state in
            state.nextID &+= 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let immediate = state.withLock { state -> Bool? in
                    if state.inUse < limit {
                        state.inUse += 1
                        return true
                    }
                    if Task.isCancelled { return false }
                    state.waiters.append((id, continuation))
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(returning: false)
        }
    }

    /// Hands the permit to the longest waiter, or frees it.
    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            if state.waiters.isEmpty {
                state.inUse -= 1
                return nil
            }
            return state.waiters.removeFirst().continuation
        }
        next?.resume(returning: true)
    }
}
