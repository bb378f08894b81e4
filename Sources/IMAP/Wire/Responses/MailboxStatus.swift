/// The answer to STATUS (RFC 3501 §7.2.4, RFC 7162 §3.1.1 for HIGHESTMODSEQ); nil for items not returned.
public struct MailboxStatus: Hashable, Sendable {
    public var mailbox: MailboxName
    public var messages: UInt32?
    public var recent: UInt32?
    public var uidNext: UInt32?
    public var uidValidity: UInt32?
    public var unseen: UInt32?
    public var deleted: UInt32?
    public var size: UInt64?
    public var highestModSeq: UInt64?

    public init(mailbox: MailboxName) {
        self.mailbox = mailbox
    }
}
