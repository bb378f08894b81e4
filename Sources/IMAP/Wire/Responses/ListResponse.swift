/// One mailbox from LIST or LSUB (RFC 3501 §7.2.2, RFC 9051 §7.3.1).
public struct ListResponse: Hashable, Sendable {
    public var attributes: [MailboxAttribute]
    /// The hierarchy delimiter, or nil when the server has none (`NIL`).
    public var delimiter: Character?
    public var mailbox: MailboxName

    public init(attributes: [MailboxAttribute], delimiter: Character?, mailbox: MailboxName) {
        self.attributes = attributes
        self.delimiter = delimiter
        self.mailbox = mailbox
    }

    /// The mailbox's special use (RFC 6154 §2), if it has one.
    public var specialUse: MailboxAttribute? {
        attributes.first { MailboxAttribute.specialUses.contains($0) }
    }

    /// False for `\Noselect` and `\NonExistent` mailboxes, which hold no messages (RFC 3501 §7.2.2, RFC 5258 §3).
    public var isSelectable: Bool {
        !attributes.contains(.noSelect) && !attributes.contains(.nonExistent)
    }
}
