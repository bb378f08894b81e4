/// One simulated mailbox: folders, items and the hierarchy log SyncFolderHierarchy reads.
struct MailboxRecord: Sendable {
    let smtpAddress: String
    /// Part of every id of this mailbox, as Exchange's ids carry the mailbox GUID.
    let guid: [UInt8]
    var folders: [Int: FolderRecord] = [:]
    var items: [Int: ItemRecord] = [:]
    var hierarchyLog: [HierarchyLogEntry] = []
    var distinguished: [String: Int] = [:]

    /// The live (not deleted) folders below `ancestorKey`, parents before children, siblings by name.
    func descendants(of ancestorKey: Int, deep: Bool = true) -> [FolderRecord] {
        var result: [FolderRecord] = []
        let children = folders.values
            .filter { $0.parentKey == ancestorKey && !$0.isDeleted }
            .sorted { ($0.displayName, $0.key) < ($1.displayName, $1.key) }
        for child in children {
            result.append(child)
            if deep { result += descendants(of: child.key) }
        }
        return result
    }

    /// Whether `folderKey` is `ancestorKey` or below it, following parents (deleted folders included).
    func isFolder(_ folderKey: Int, below ancestorKey: Int) -> Bool {
        var current = folders[folderKey]?.parentKey
        var steps = 0
        while let key = current, steps < 1000 {
            if key == ancestorKey { return true }
            current = folders[key]?.parentKey
            steps += 1
        }
        return false
    }

    func items(in folderKey: Int) -> [ItemRecord] {
        items.values.filter { $0.folderKey == folderKey }
    }
}
