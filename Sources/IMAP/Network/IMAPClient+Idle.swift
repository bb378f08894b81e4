import ClientTLS
import Domain
import NIOCore

/// Waiting in IDLE (RFC 2177), and the goodbye. The session state decides when DONE may go (only after the
/// server's `+`); this code decides when it is wanted (a change, the time is up, a stop).
extension IMAPClient {
    /// RFC 2177 IDLE in the current state (a selected mailbox, or none with NOTIFY): waits until the server
    /// reports a change that `wakes` accepts (a change of the selected mailbox comes to it as `.mailbox` with its
    /// name), or `timeout` passes, then ends IDLE with DONE and reads its answer.
    /// Every change reported is noted, wanted or not. When the task is cancelled, IDLE still ends with DONE and
    /// its answer, within `goodbyeTimeout`, and then `CancellationError` is thrown; the connection stays usable
    /// if the server answered in time.
    /// - Returns: whether a change `wakes` accepted ended it.
    /// - Throws: `CancellationError`, or `MailSourceError(.transient)` when the connection fails.
    func idle(timeout: Duration, wakes: @Sendable (ChangeNotice) -> Bool) async throws -> Bool {
        guard !broken, !session.isClosed else { throw MailSourceError(.transient(retryAfter: nil), "connection lost") }
        guard capabilities.contains(.idle) else {
            try await Task.sleep(for: timeout)
            return false
        }
        let chunks = session.send(.idle)
        let tag = session.lastTag ?? ""
        try await write(chunks)
        /// IDLE is to end (a wanted change, the time is up): DONE is sent, or will be after `+`.
        var ending = false
        var woke = false
        let deadline = ContinuousClock.now + timeout
        while true {
            let event: IMAPResponseEvent
            do {
                // Once DONE is due, so is the answer; a server that never gives it is dropped.
                let wait = ending ? Self.answerTimeout : max(.zero, deadline - ContinuousClock.now)
                event = try await nextEvent(timeout: wait)
            } catch is AsyncQueue<ByteBuffer>.Timeout where !ending {
                ending = true
                try await write(session.endIdle())
                continue
            } catch is CancellationError {
                await endIdleWhileStopping(tag: tag)
                throw CancellationError()
            } catch {
                broken = true
                if error is MailSourceError { throw error }
                throw MailSourceError(.transient(retryAfter: nil), "the server did not answer DONE")
            }
            let notice = session.notice(in: event)
            for action in session.receive(event) {
                if case .commandCompleted(_, let response) = action, response.tag == tag {
                    guard response.status == .ok else {
                        throw MailSourceError(.transient(retryAfter: nil), "the server refused IDLE",
                                              detail: "\(response.status.rawValue) \(response.text)")
                    }
                    return woke
                }
                try await carryOut(action, for: tag)
            }
            guard let notice else { continue }
            note(notice)
            // The selected mailbox by name, for `wakes` to judge.
            let named = if case .selected = notice, let selected { ChangeNotice.mailbox(selected) } else { notice }
            if wakes(named), !ending {
                woke = true
                ending = true
                try await write(session.endIdle())
            }
        }
    }

    /// How long DONE's answer may take while the service keeps running.
    private static let answerTimeout: Duration = .seconds(10)

    /// Ends IDLE in a cancelled task: DONE (after the `+` if it has not come yet) and the tagged answer, read
    /// regardless of the cancellation but within `goodbyeTimeout`; the connection is unusable if that fails.
    private func endIdleWhileStopping(tag: String) async {
        let deadline = ContinuousClock.now + Self.goodbyeTimeout
        do {
            try await write(session.endIdle())
            while true {
                let left = max(.zero, deadline - ContinuousClock.now)
                let event = try await nextEvent(timeout: left, ignoringCancellation: true)
                let notice = session.notice(in: event)
                for action in session.receive(event) {
                    if case .commandCompleted(_, let response) = action, response.tag == tag { return }
                    try await carryOut(action, for: tag)
                }
                if let notice { note(notice) }
            }
        } catch {
            broken = true
        }
    }

    /// LOGOUT and its answer (RFC 3501 §6.1.3) when the connection is usable, within `goodbyeTimeout` even in a
    /// cancelled task; then the connection is closed.
    func logout() async {
        if !broken, !session.isClosed {
            let chunks = session.send(.logout)
            let tag = session.lastTag ?? ""
            let deadline = ContinuousClock.now + Self.goodbyeTimeout
            do {
                try await transport.send(chunks.flatMap(\.bytes))
                reading: while true {
                    let left = max(.zero, deadline - ContinuousClock.now)
                    let event = try await nextEvent(timeout: left, ignoringCancellation: true)
                    for case .commandCompleted(_, let response) in session.receive(event) where response.tag == tag {
                        break reading
                    }
                }
            } catch {
                // Closed either way.
            }
        }
        broken = true
        await transport.close()
    }
}
