/// A mail folder of a simulated mailbox, with the log of message changes its `messages/delta` reads.
struct FolderRecord: Sendable {
    let key: Int
    let id: String
    var parentKey: Int?
    var displayName: String
    /// `inbox`, `sentitems`, … for the folders Outlook creates; nil for the user's own.
    let wellKnownName: String?
    var isHidden: Bool
    /// Every change to a message in this folder, in order: what a delta token's position counts.
    var log: [ItemChange] = []
    /// Bumped to invalidate every delta token issued for this folder.
    var generation = 0
    /// What a `$skiptoken` of an older generation gets instead of 410, when set by the invalidation.
    var staleSkipTokenAnswer: StaleSkipTokenAnswer?
}

/// One entry of a folder's change log.
struct ItemChange: Sendable {
    enum Kind: Sendable, Equatable {
        /// The message arrived in the folder (delivered or moved in).
        case created
        /// The message changed in place (read flag, another property).
        case updated
        /// The message left the folder: deleted, or moved (the reason delta shows).
        case removed(RemovalReason)
    }

    let sequence: Int
    let messageKey: Int
    /// The REST id the message had in this folder when the change happened.
    let restID: String
    let immutableID: String
    let kind: Kind
}

/// What `@removed.reason` says (learn.microsoft.com/graph/delta-query-overview): `deleted` for an item gone for
/// good, `changed` for one that left the collection but may come back.
public enum RemovalReason: String, Sendable, Hashable, CaseIterable {
    case deleted
    case changed
}

/// One entry of a mailbox's folder hierarchy log, read by `mailFolders/delta`.
struct FolderChange: Sendable {
    let sequence: Int
    let folderKey: Int
    let removed: Bool
}
