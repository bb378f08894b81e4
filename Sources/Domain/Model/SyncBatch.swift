import Foundation

/// One batch of changes from one folder of one mailbox, and the folder cursor that follows it. The store applies
/// a batch and saves its cursor in one transaction (DESIGN.md invariant 1).
public struct SyncBatch: Sendable {
    public var integrationID: String
    public var mailboxID: String
    public var mailboxAddress: String
    public var bucketID: String
    /// The folder path joined with "/".
    public var folder: String
    public var changes: [SyncChange]
    /// The opaque cursor to save for the folder after the changes; nil keeps the saved one.
    public var cursor: String?
    /// True when the folder's server ids are no longer valid (IMAP UIDVALIDITY changed, EWS sync state invalid):
    /// the folder's locations are forgotten before the changes apply. Emails and comments stay.
    public var resetsFolder: Bool

    public init(integrationID: String, mailboxID: String, mailboxAddress: String, bucketID: String, folder: String,
                changes: [SyncChange], cursor: String?, resetsFolder: Bool = false) {
        self.integrationID = integrationID
        self.mailboxID = mailboxID
        self.mailboxAddress = mailboxAddress
        self.bucketID = bucketID
        self.folder = folder
        self.changes = changes
        self.cursor = cursor
        self.resetsFolder = resetsFolder
    }
}

/// What happened to one item of a folder.
public enum SyncChange: Sendable {
    /// An email is in the folder (new, or seen again after a move or a resync).
    case upsert(IncomingEmail)
    /// An item left the folder (deleted, or moved elsewhere). Its comment is never deleted for this: a move is
    /// reported by the other folder as an upsert.
    case removed(serverID: String)
    /// The item's read state changed on the server (IMAP `\Seen`, EWS IsRead); only the bucket email's metadata
    /// changes, never the comment.
    case readState(serverID: String, isRead: Bool)
}

/// An email as a mail source delivers it, already converted (parsing and cleaning are pure and done by the engine
/// before the store's transaction starts).
public struct IncomingEmail: Sendable {
    /// The server's id of the item in its folder (IMAP UID, EWS ItemId, Graph id).
    public var serverID: String
    public var raw: [UInt8]
    public var converted: ConvertedEmail
    public var receivedAt: Date?
    /// Whether the mailbox stores attachment content (metadata is always kept).
    public var storesAttachments: Bool
    /// The read state the server reported with the item, when it did.
    public var isRead: Bool?

    public init(serverID: String, raw: [UInt8], converted: ConvertedEmail, receivedAt: Date?,
                storesAttachments: Bool, isRead: Bool? = nil) {
        self.isRead = isRead
        self.serverID = serverID
        self.raw = raw
        self.converted = converted
        self.receivedAt = receivedAt
        self.storesAttachments = storesAttachments
    }
}

/// What applying a batch did.
public struct SyncBatchResult: Sendable, Equatable {
    /// Comments created, over all sources attached to the bucket.
    public var created = 0
    /// Comments whose metadata (folder, mailbox, flags) changed.
    public var updated = 0
    /// Upserts that changed nothing.
    public var unchanged = 0
    /// Locations forgotten (removed items).
    public var removed = 0

    public init(created: Int = 0, updated: Int = 0, unchanged: Int = 0, removed: Int = 0) {
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
        self.removed = removed
    }

    /// Adds each count of `other` to this one's (several pages applied together, or a pass's pages).
    public static func += (total: inout SyncBatchResult, other: SyncBatchResult) {
        total.created += other.created
        total.updated += other.updated
        total.unchanged += other.unchanged
        total.removed += other.removed
    }
}

/// A comment as stored for one source: the comment and its place in the source's change sequence.
public struct StoredComment: Sendable, Equatable {
    public var sourceID: String
    public var comment: Comment
    /// Increases on every insert or update of a comment of this source.
    public var sequence: Int64
    public var createdAt: Date
    public var updatedAt: Date

    public init(sourceID: String, comment: Comment, sequence: Int64, createdAt: Date, updatedAt: Date) {
        self.sourceID = sourceID
        self.comment = comment
        self.sequence = sequence
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
