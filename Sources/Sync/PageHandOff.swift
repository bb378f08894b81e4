import Synchronization

/// Pages passed from a source's read to the engine within one folder's sync: the read goes on with the next page
/// while the engine converts and writes the current one, and at most `capacity` pages wait. A read that finds no
/// room is suspended until the engine takes a page (no polling); a large folder is never held in memory whole.
///
/// One sender (the read, a child task of the folder's sync) and one receiver (the engine). The sender ends the
/// hand-off with ``finish(_:)``; the receiver with ``close()`` when it stops early, which ends a waiting send.
final class PageHandOff<Element: Sendable>: Sendable {
    private struct State {
        var waiting: [Element] = []
        var receiver: CheckedContinuation<Element?, any Error>?
        /// A send waiting for room: its number (for its cancellation) and its continuation.
        var sender: (id: UInt64, continuation: CheckedContinuation<Void, any Error>)?
        var nextSenderID: UInt64 = 0
        var finished = false
        var failure: (any Error)?
        var closed = false
    }

    /// What a send does first: hand the element to a waiting receiver, queue it, wait for room, or give up.
    private enum SendStep { case delivered(CheckedContinuation<Element?, any Error>), queued, wait, refused }
    /// How a send's wait for room starts: there is room already, the hand-off is closed, or it suspends.
    private enum WaitOutcome { case room, refused, suspended }

    /// How many pages may wait for the receiver.
    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        precondition(capacity >= 1, "a hand-off holds at least one page")
        self.capacity = capacity
    }

    /// Hands over `element`, waiting while `capacity` elements wait.
    /// - Throws: `CancellationError` when the task is cancelled while waiting, or when the receiver has closed.
    func send(_ element: Element) async throws {
        let step = state.withLock { state -> SendStep in
            if state.closed || state.finished { return .refused }
            if let receiver = state.receiver {
                state.receiver = nil
                return .delivered(receiver)
            }
            state.waiting.append(element)
            return state.waiting.count <= capacity ? .queued : .wait
        }
        switch step {
        case .delivered(let receiver): receiver.resume(returning: element)
        case .queued: return
        case .refused: throw CancellationError()
        case .wait:
            // Queued past the capacity: the send returns once the receiver has taken enough for it to fit, so the
            // read never runs more than `capacity` pages ahead.
            let id = state.withLock { state in
                state.nextSenderID &+= 1
                return state.nextSenderID
            }
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let outcome = state.withLock { state -> WaitOutcome in
                        if state.closed { return .refused }
                        if state.waiting.count <= capacity { return .room }
                        // The flag is set before the cancellation handler runs, and both look under the lock.
                        if Task.isCancelled { return .refused }
                        state.sender = (id, continuation)
                        return .suspended
                    }
                    switch outcome {
                    case .room: continuation.resume()
                    case .refused: continuation.resume(throwing: CancellationError())
                    case .suspended: break
                    }
                }
            } onCancel: {
                wakeSender(id, with: CancellationError())
            }
        }
    }

    /// Ends the hand-off from the sender's side: the receiver gets what waits, then nil, or `failure`.
    func finish(_ failure: (any Error)?) {
        let receiver = state.withLock { state -> CheckedContinuation<Element?, any Error>? in
            guard !state.finished else { return nil }
            state.finished = true
            state.failure = failure
            defer { state.receiver = nil }
            return state.receiver
        }
        if let failure { receiver?.resume(throwing: failure) } else { receiver?.resume(returning: nil) }
    }

    /// Ends the hand-off from the receiver's side: a waiting send and every later one throw `CancellationError`.
    func close() {
        let sender = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            state.closed = true
            state.waiting = []
            defer { state.sender = nil }
            return state.sender?.continuation
        }
        sender?.resume(throwing: CancellationError())
    }

    /// The next element, in the order sent; nil once the sender finished without an error and nothing waits.
    /// - Throws: the sender's failure, after the elements sent before it.
    func next() async throws -> Element? {
        try await withCheckedThrowingContinuation { continuation in
            let (result, sender) = state.withLock {
                state -> (Result<Element?, any Error>?, CheckedContinuation<Void, any Error>?) in
                if !state.waiting.isEmpty {
                    let element = state.waiting.removeFirst()
                    var sender: CheckedContinuation<Void, any Error>?
                    if state.waiting.count <= capacity, let waiting = state.sender {
                        state.sender = nil
                        sender = waiting.continuation
                    }
                    return (.success(element), sender)
                }
                if state.finished {
                    let end: Result<Element?, any Error> = state.failure.map { .failure($0) } ?? .success(nil)
                    return (end, nil)
                }
                state.receiver = continuation
                return (nil, nil)
            }
            sender?.resume()
            if let result { continuation.resume(with: result) }
        }
    }

    /// Ends the wait of the send numbered `id`, if it still waits.
    private func wakeSender(_ id: UInt64, with error: any Error) {
        let sender = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard let sender = state.sender, sender.id == id else { return nil }
            state.sender = nil
            return sender.continuation
        }
        sender?.resume(throwing: error)
    }
}
