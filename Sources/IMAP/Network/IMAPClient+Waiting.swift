import ClientTLS
import Domain
import NIOCore

/// Changes a server reported that the source has not acted on yet.
struct PendingNotices: Sendable, Equatable {
    /// Server names of mailboxes with news.
    var mailboxes: Set<String> = []
    /// A mailbox was created, deleted or renamed.
    var mailboxList = false
    /// The server stopped reporting (NOTIFICATIONOVERFLOW): anything may have changed.
    var overflow = false

    var isEmpty: Bool { mailboxes.isEmpty && !mailboxList && !overflow }
}

extension IMAPClient {
    /// The events asked of every mailbox; FlagChange carries read states.
    private static let notifyEvents: [NotifyEvent] = [.messageNew(), .messageExpunge, .flagChange]

    /// RFC 5465: asks the server to report new, expunged and re-flagged messages of the selected mailbox and of
    /// every personal and subscribed one, and mailboxes created or renamed. From then on such news arrives while
    /// IDLE waits, or with the answer of any command, and is noted (`takeNotices()`). A server that refuses an
    /// event (`[BADEVENT]`) is asked again for the events RFC 5465 requires of every server; one that refuses that
    /// too, or has no NOTIFY, is left without (`notifying` false). Only for a connection that never fetches: Dovecot
    /// 2.3 can write a notification into the middle of a FETCH literal whose output is held up.
    func setNotify() async throws {
        guard capabilities.contains(Capability("NOTIFY")) else { return }
        let full = NotifyRequest(groups: [
            NotifyEventGroup(.selected, Self.notifyEvents),
            NotifyEventGroup(.personal, Self.notifyEvents + [.mailboxName]),
            NotifyEventGroup(.subscribed, Self.notifyEvents),
        ])
        var result = try await run(.notify(full), failOnNo: false)
        if result.status == .no, case .badEvent? = result.code {
            let minimal: [NotifyEvent] = [.messageNew(), .messageExpunge]
            result = try await run(.notify(NotifyRequest(groups: [
                NotifyEventGroup(.selected, minimal), NotifyEventGroup(.personal, minimal + [.mailboxName]),
            ])), failOnNo: false)
        }
        notifying = result.status == .ok
    }

    /// Keeps a change the server reported. An overflow ends NOTIFY (RFC 5465 §5.8) until `setNotify()` again.
    func note(_ notice: ChangeNotice) {
        switch notice {
        case .mailbox(let name): notices.mailboxes.insert(name)
        case .selected: if let selected { notices.mailboxes.insert(selected) }
        case .mailboxList: notices.mailboxList = true
        case .overflow:
            notices.overflow = true
            notifying = false
        }
    }

    /// The changes noted since the last call.
    func takeNotices() -> PendingNotices {
        defer { notices = PendingNotices() }
        return notices
    }

    /// RFC 2177 IDLE in the current state (a selected mailbox, or none with NOTIFY): waits until the server
    /// reports a change that `wakes` accepts (a change of the selected mailbox comes to it as `.mailbox` with its
    /// name), or `timeout` passes, then ends IDLE with DONE and reads its answer.
    /// Every change reported is noted, wanted or not. When the task is cancelled, IDLE still ends with DONE and
    /// its answer, within `goodbyeTimeout`, and then `CancellationError` is thrown; the connection stays usable
    /// if the server answered in time.
    /// - Returns: whether a change `wakes` accepted ended it.
    /// - Throws: `CancellationError`, or `MailSourceError(.transient)` when the connection fails.
    func idle(timeout: Duration, wakes: @Sendable (ChangeNotice) -> Bool) async throws -> Bool {
        guard !broken else { throw MailSourceError(.transient(retryAfter: nil), "connection lost") }
        guard capabilities.contains(Capability("IDLE")) else {
            try await Task.sleep(for: timeout)
            return false
        }
        let tag = makeTag()
        var session = IdleExchange(tag: tag)
        do {
            try await transport.send(Array("\(tag) IDLE\r\n".utf8))
        } catch {
            broken = true
            throw error
        }
        let deadline = ContinuousClock.now + timeout
        while true {
            let event: IMAPResponseEvent
            do {
                // Once DONE is sent, the answer is due at once; a server that never gives it is dropped.
                let wait = session.doneWanted ? Self.answerTimeout : max(.zero, deadline - ContinuousClock.now)
                event = try await nextEvent(timeout: wait)
            } catch is AsyncQueue<ByteBuffer>.Timeout where !session.doneWanted {
                try await endIdle(&session)
                continue
            } catch is CancellationError {
                await endIdleWhileStopping(&session)
                throw CancellationError()
            } catch {
                broken = true
                if error is MailSourceError { throw error }
                throw MailSourceError(.transient(retryAfter: nil), "the server did not answer DONE")
            }
            if case .tagged(let response) = event, response.tag == tag {
                guard response.status == .ok else {
                    throw MailSourceError(.transient(retryAfter: nil), "the server refused IDLE",
                                          detail: "\(response.status.rawValue) \(response.text)")
                }
                return session.woke
            }
            if case .untagged(.condition(.bye, _, let text)) = event {
                broken = true
                throw MailSourceError(.transient(retryAfter: nil), "the server closed the connection", detail: text)
            }
            if case .continuation = event {
                session.idling = true
                if session.doneWanted, !session.doneSent { try await sendDone(&session) }
                continue
            }
            guard let notice = ChangeNotice.classify(event, in: .idle) else { continue }
            note(notice)
            // The selected mailbox by name, for `wakes` to judge.
            let named = if case .selected = notice, let selected { ChangeNotice.mailbox(selected) } else { notice }
            if wakes(named), !session.doneWanted {
                session.woke = true
                try await endIdle(&session)
            }
        }
    }

    /// How long DONE's answer may take while the service keeps running.
    private static let answerTimeout: Duration = .seconds(10)

    /// Sends DONE now, or once the server has confirmed IDLE (`+`): DONE may only follow it (RFC 2177 §3).
    private func endIdle(_ session: inout IdleExchange) async throws {
        session.doneWanted = true
        if session.idling { try await sendDone(&session) }
    }

    private func sendDone(_ session: inout IdleExchange) async throws {
        do {
            try await transport.send(CommandEncoder.idleDone.bytes)
            session.doneSent = true
        } catch {
            broken = true
            throw error
        }
    }

    /// Ends IDLE in a cancelled task: DONE (after the `+` if it has not come yet) and the tagged answer, read
    /// regardless of the cancellation but within `goodbyeTimeout`; the connection is unusable if that fails.
    private func endIdleWhileStopping(_ session: inout IdleExchange) async {
        let deadline = ContinuousClock.now + Self.goodbyeTimeout
        do {
            if session.idling, !session.doneSent { try await sendDone(&session) }
            while true {
                let left = max(.zero, deadline - ContinuousClock.now)
                let event = try await nextEvent(timeout: left, ignoringCancellation: true)
                if case .tagged(let response) = event, response.tag == session.tag { return }
                if case .continuation = event, !session.doneSent {
                    session.idling = true
                    try await sendDone(&session)
                } else if let notice = ChangeNotice.classify(event, in: .idle) {
                    note(notice)
                }
            }
        } catch {
            broken = true
        }
    }

    /// LOGOUT and its answer (RFC 3501 §6.1.3) when the connection is usable, within `goodbyeTimeout` even in a
    /// cancelled task; then the connection is closed.
    func logout() async {
        if !broken {
            let tag = makeTag()
            let deadline = ContinuousClock.now + Self.goodbyeTimeout
            do {
                try await transport.send(Array("\(tag) LOGOUT\r\n".utf8))
                while true {
                    let left = max(.zero, deadline - ContinuousClock.now)
                    let event = try await nextEvent(timeout: left, ignoringCancellation: true)
                    if case .tagged(let response) = event, response.tag == tag { break }
                }
            } catch {
                // Closed either way.
            }
        }
        broken = true
        await transport.close()
    }
}

/// Where one IDLE command stands.
struct IdleExchange {
    let tag: String
    /// The server confirmed IDLE with `+`.
    var idling = false
    /// IDLE is to end (a wanted change, the time is up): DONE is sent, or will be after `+`.
    var doneWanted = false
    var doneSent = false
    /// A wanted change ended it.
    var woke = false

    init(tag: String) {
        self.tag = tag
    }
}
