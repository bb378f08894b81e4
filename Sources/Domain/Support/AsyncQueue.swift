import Synchronization

/// Values pushed from one context (a NIO event loop) and awaited by one reader at a time, ended by `finish`
/// with or without an error. The network layers use it to hand received data to async code.
public final class AsyncQueue<Element: Sendable>: Sendable {
    private struct State {
        var elements: [Element] = []
        var head = 0
        var waiter: CheckedContinuation<Element?, any Error>?
        var finished = false
        var failure: (any Error)?
    }

    private let state = Mutex(State())

    public init() {}

    public func push(_ element: Element) {
        let waiter = state.withLock { state -> CheckedContinuation<Element?, any Error>? in
            guard !state.finished else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
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
            return state.waiter
        }
        if let failure { waiter?.resume(throwing: failure) } else { waiter?.resume(returning: nil) }
    }

    /// The next element; nil once the queue finished without an error and is empty.
    public func next() async throws -> Element? {
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
                state.waiter = continuation
                return nil
            }
            if let immediate { continuation.resume(with: immediate) }
        }
    }
}
