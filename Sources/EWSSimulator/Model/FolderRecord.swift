/// A folder of a simulated mailbox, with the log of item changes that SyncFolderItems reads.
struct FolderRecord: Sendable {
    let key: Int
    let id: String
    var changeKey: String
    var parentKey: Int?
    var displayName: String
    var folderClass: String?
    /// The well-known name (`inbox`, `msgfolderroot`, …) when it has one.
    var distinguishedName: String?
    var isDeleted = false
    /// Every item change in this folder, oldest first; a sync state is a position in it.
    var itemLog: [ItemLogEntry] = []
}

/// One change of an item in a folder's log.
struct ItemLogEntry: Sendable {
    enum Kind: Sendable, Equatable {
        case create
        case update
        case delete
        case readFlag(Bool)
    }

    var itemKey: Int
    /// The item's id when the entry was written: a deleted item is reported by the id it had.
    var itemID: String
    var kind: Kind
}

/// One change of a folder in a mailbox's hierarchy log.
struct HierarchyLogEntry: Sendable {
    enum Kind: Sendable, Equatable {
        case create
        case update
        case delete
    }

    var folderKey: Int
    var kind: Kind
}
