/// A simulated Exchange Online mailbox (a user with a license): its folders, messages and change logs.
struct MailboxRecord: Sendable {
    let address: String
    /// The user's object id (a GUID), which Graph accepts in place of the UPN.
    let userID: String
    let guid: [UInt8]
    var displayName: String
    var folders: [Int: FolderRecord] = [:]
    /// Well-known name (`inbox`, `msgfolderroot`, …) → folder key.
    var wellKnown: [String: Int] = [:]
    var messages: [Int: MessageRecord] = [:]
    /// Folder creations, renames and deletions, in order, for `mailFolders/delta`.
    var hierarchyLog: [FolderChange] = []
    /// Bumped to invalidate every `mailFolders/delta` token of the mailbox.
    var hierarchyGeneration = 0
    /// False stands for a mailbox Graph can't reach (on-premises, inactive, soft-deleted): MailboxNotEnabledForRESTAPI.
    var restEnabled = true

    /// The folders Outlook creates in every mailbox: well-known name, display name (English), parent, hidden.
    static let wellKnownFolders: [(name: String, displayName: String, parent: String?, hidden: Bool)] = [
        ("root", "", nil, true),
        ("msgfolderroot", "Top of Information Store", "root", false),
        ("archive", "Archive", "msgfolderroot", false),
        ("conversationhistory", "Conversation History", "msgfolderroot", false),
        ("deleteditems", "Deleted Items", "msgfolderroot", false),
        ("drafts", "Drafts", "msgfolderroot", false),
        ("inbox", "Inbox", "msgfolderroot", false),
        ("junkemail", "Junk Email", "msgfolderroot", false),
        ("outbox", "Outbox", "msgfolderroot", false),
        ("sentitems", "Sent Items", "msgfolderroot", false),
        ("syncissues", "Sync Issues", "msgfolderroot", true),
        ("recoverableitemsdeletions", "Deletions", "root", true),
    ]

    /// The live children of a folder, by display name as Outlook lists them.
    func children(of parent: Int, includeHidden: Bool) -> [FolderRecord] {
        folders.values.filter { $0.parentKey == parent && (includeHidden || !$0.isHidden) }
            .sorted { ($0.displayName.lowercased(), $0.key) < ($1.displayName.lowercased(), $1.key) }
    }

    /// Every folder below `msgfolderroot`, parents before children: what `mailFolders/delta` covers.
    func mailFolderTree() -> [FolderRecord] {
        guard let top = wellKnown["msgfolderroot"] else { return [] }
        var result: [FolderRecord] = []
        var queue = children(of: top, includeHidden: true)
        while !queue.isEmpty {
            let folder = queue.removeFirst()
            result.append(folder)
            queue += children(of: folder.key, includeHidden: true)
        }
        return result
    }

    /// Whether `folder` is `ancestor` or below it.
    func isWithin(_ folder: Int, _ ancestor: Int) -> Bool {
        var current: Int? = folder
        while let key = current {
            if key == ancestor { return true }
            current = folders[key]?.parentKey
        }
        return false
    }

    func messages(in folder: Int) -> [MessageRecord] {
        messages.values.filter { $0.folderKey == folder }.sorted { $0.key < $1.key }
    }
}
