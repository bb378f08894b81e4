import Domain

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

/// NOTIFY (RFC 5465) and the changes a server reports unasked.
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
}
