import Dispatch
import Synchronization

/// Values pushed from one context (a NIO event loop) and awaited by one reader at a time, ended by `finish`
/// with or without an error. The network layers use it to hand received data to async code.
///
/// A wait ends early when the reading task is cancelled (so a stopping service never waits for a server), or
/// after an optional timeout; a reader that must still finish an exchange while its task is cancelled (sending
/// IMAP's DONE and LOGOUT on the way out) reads with `ignoringCancellation` and a timeout.
public final class AsyncQueue<Element: Sendable>: Sendable {
    private struct State {
        var elements: [Element] = []
        var head = 0
        var waiter: (id: UInt64, continuation: CheckedContinuation<Element?, any Error>)?
        var nextWaiterID: UInt64 = 0
        var finished = false
        var failure: (any Error)?
    }

    /// Thrown by ``next(timeout:ignoringCancellation:)`` when nothing arrived in time.
    public struct Timeout: Error, CustomStringConvertible {
        public var description: String { "no data arrived in time" }
    }

    private let state = Mutex(State())

    public init() {}

    public func push(_ element: Element) {
        let waiter = state.withLock { state -> CheckedContinuation<Element?, any Error>? in
            guard !state.finished else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter.continuation
            }
            state.elements.append(element)
            return nil
        }
        waiter?.resume(returning: element)
    }

    /// Ends the queue: the reader gets what was pushed, then nil, or `failure`.
    public func finish(_ failure: (any Error)?) {
        let waiter = state.withLock { state -> CheckedContinuation<Element?, any Error>? in
            guard !state.finished else { return nil }
            state.finished = true
            state.failure = failure
            defer { state.waiter = nil }
            return state.waiter?.continuation
        }
        if let failure { waiter?.resume(throwing: failure) } else { waiter?.resume(returning: nil) }
    }

    /// The next element; nil once the queue finished without an error and is empty.
    /// - Parameters:
    ///   - timeout: how long to wait for one; nil waits until an element, the end, or cancellation.
    ///   - ignoringCancellation: keep waiting when the task is cancelled (give a timeout then).
    /// - Throws: the queue's failure, `CancellationError` when the task is cancelled while waiting (unless
    ///   ignored), ``Timeout`` when `timeout` passed. What was pushed stays queued for the next call.
    public func next(timeout: Duration? = nil, ignoringCancellation: Bool = false) async throws -> Element? {
        let id = state.withLock { state in
            state.nextWaiterID &+= 1
            return state.nextWaiterID
        }
        let timer = timeout.map { timeout in
            let item = DispatchWorkItem { [weak self] in self?.interrupt(id, with: Timeout()) }
            DispatchQueue.global().asyncAfter(deadline: .now() + Self.dispatchInterval(timeout), execute: item)
            return item
        }
        defer { timer?.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let immediate = state.withLock { state -> Result<Element?, any Error>? in
                    if state.head < state.elements.count {
                        let element = state.elements[state.head]
                        state.head += 1
                        if state.head == state.elements.count {
                            state.elements.removeAll(keepingCapacity: true)
                            state.head = 0
                        }
                        return .success(element)
                    }
                    if state.finished { return state.failure.map { .failure($0) } ?? .success(nil) }
                    // The flag is set before the cancellation handler runs, and both look under the lock: either
                    // this sees it, or the handler sees this waiter.
                    if !ignoringCancellation, Task.isCancelled { return .failure(CancellationError()) }
                    state.waiter = (id, continuation)
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            if !ignoringCancellation { interrupt(id, with: CancellationError()) }
        }
    }

    /// Ends the wait of the call numbered `id` with `error`, if that call is still waiting; the queue stays open.
    private func interrupt(_ id: UInt64, with error: any Error) {
        let waiter = state.withLock { state -> CheckedContinuation<Element?, any Error>? in
            guard let waiter = state.waiter, waiter.id == id else { return nil }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume(throwing: error)
    }

    private static func dispatchInterval(_ duration: Duration) -> DispatchTimeInterval {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = max(0, seconds) * 1_000_000_000 + max(0, attoseconds) / 1_000_000_000
        return .nanoseconds(Int(clamping: nanoseconds))
    }
}
