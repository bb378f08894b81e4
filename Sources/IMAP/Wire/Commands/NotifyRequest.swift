/// What `NOTIFY SET` asks the server to report (RFC 5465 §3.1): event groups, each a set of mailboxes and the
/// events wanted from them. A mailbox takes its events from the first group that names it (§6).
public struct NotifyRequest: Hashable, Sendable {
    /// `NOTIFY SET STATUS`: the server first sends the STATUS of every mailbox the groups name (§3.1).
    public var status: Bool
    public var groups: [NotifyEventGroup]

    public init(status: Bool = false, groups: [NotifyEventGroup]) {
        self.status = status
        self.groups = groups
    }
}

/// One `event-group` (RFC 5465 §8): which mailboxes, and which of their events (none: `NONE`).
public struct NotifyEventGroup: Hashable, Sendable {
    public var mailboxes: NotifyMailboxes
    public var events: [NotifyEvent]

    public init(_ mailboxes: NotifyMailboxes, _ events: [NotifyEvent]) {
        self.mailboxes = mailboxes
        self.events = events
    }
}

/// `filter-mailboxes` (RFC 5465 §6).
public enum NotifyMailboxes: Hashable, Sendable {
    /// The selected mailbox: its events come as EXISTS, EXPUNGE (VANISHED) and FETCH.
    case selected
    /// The selected mailbox, with expunges held back while commands that use sequence numbers run.
    case selectedDelayed
    /// Every mailbox that can receive new mail (at least INBOX).
    case inboxes
    /// Every mailbox of the user's personal namespace.
    case personal
    /// Every subscribed mailbox, shared ones included.
    case subscribed
    /// These mailboxes and everything below them.
    case subtree([MailboxName])
    /// Exactly these mailboxes.
    case mailboxes([MailboxName])
}

/// An event of `message-event`, `mailbox-event` or the metadata events (RFC 5465 §5, §8).
public enum NotifyEvent: Hashable, Sendable {
    /// A message arrived; in the selected mailbox, `fetch` names what to send with it (`* n FETCH`).
    case messageNew(fetch: [FetchItem] = [])
    case messageExpunge
    case flagChange
    case annotationChange
    /// A mailbox was created, deleted or renamed (reported as LIST).
    case mailboxName
    case subscriptionChange
    case mailboxMetadataChange
    case serverMetadataChange

    /// The event's name as sent.
    public var name: String {
        switch self {
        case .messageNew: "MessageNew"
        case .messageExpunge: "MessageExpunge"
        case .flagChange: "FlagChange"
        case .annotationChange: "AnnotationChange"
        case .mailboxName: "MailboxName"
        case .subscriptionChange: "SubscriptionChange"
        case .mailboxMetadataChange: "MailboxMetadataChange"
        case .serverMetadataChange: "ServerMetadataChange"
        }
    }
}

extension CommandWriter {
    /// `notify` (RFC 5465 §8): `NOTIFY NONE`, or `NOTIFY SET [STATUS] event-group *(SP event-group)`.
    mutating func notify(_ request: NotifyRequest?) {
        guard let request else { return text("NOTIFY NONE") }
        text("NOTIFY SET")
        if request.status { text(" STATUS") }
        for group in request.groups {
            text(" (")
            switch group.mailboxes {
            case .selected: text("selected")
            case .selectedDelayed: text("selected-delayed")
            case .inboxes: text("inboxes")
            case .personal: text("personal")
            case .subscribed: text("subscribed")
            case .subtree(let names): mailboxList("subtree", names)
            case .mailboxes(let names): mailboxList("mailboxes", names)
            }
            text(" ")
            if group.events.isEmpty {
                text("NONE")
            } else {
                text("(")
                for (index, event) in group.events.enumerated() {
                    if index > 0 { text(" ") }
                    text(event.name)
                    if case .messageNew(let fetch) = event, !fetch.isEmpty {
                        text(" (" + fetch.map(\.wireName).joined(separator: " ") + ")")
                    }
                }
                text(")")
            }
            text(")")
        }
    }

    /// `"subtree" SP one-or-more-mailbox`: one mailbox bare, several in parentheses.
    private mutating func mailboxList(_ keyword: String, _ names: [MailboxName]) {
        text(keyword + " ")
        if names.count == 1, let only = names.first { return mailbox(only) }
        text("(")
        for (index, name) in names.enumerated() {
            if index > 0 { text(" ") }
            mailbox(name)
        }
        text(")")
    }
}
