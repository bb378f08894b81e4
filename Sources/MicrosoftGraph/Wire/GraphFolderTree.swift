import Domain

/// A mailbox's folders from a `mailFolders/delta` round: nested folders come flat, each naming its parent, and the
/// tree is rebuilt from `parentFolderId` (a parent outside the round is the top of the information store,
/// `msgfolderroot`). v1.0 has no `wellKnownName` on folders, so the roles come from the ids that the well-known
/// names resolve to (``GraphRequests/wellKnownFolder(_:)``).
public struct GraphFolderTree: Sendable {
    /// Outlook's well-known folder names (learn.microsoft.com/graph/api/resources/mailfolder, "Well-known folder
    /// names") and the RFC 6154 role each stands for, as `MailFolder.role` spells roles.
    public static let wellKnownRoles: [(name: String, role: String)] = [
        ("inbox", "inbox"), ("sentitems", "sent"), ("archive", "archive"), ("deleteditems", "trash"),
        ("junkemail", "junk"), ("drafts", "drafts"),
    ]

    private var folders: [String: GraphFolderEntry] = [:]

    public init() {}

    /// Applies one page of the round: items are added or renamed, removals forgotten.
    public mutating func apply(_ page: GraphPage<GraphFolderEntry>) {
        for entry in page.entries {
            switch entry {
            case .item(let folder): folders[folder.id] = folder
            case .removed(let id, _): folders[id] = nil
            case .unreadable: continue
            }
        }
    }

    /// The folders with their paths from the top, sorted by path.
    /// - Parameter roles: role by folder id (the ids the well-known names resolved to).
    public func mailFolders(roles: [String: String]) -> [MailFolder] {
        folders.values.compactMap { folder -> MailFolder? in
            guard let path = path(of: folder) else { return nil }
            return MailFolder(path: path, serverID: folder.id, role: roles[folder.id])
        }.sorted { $0.name < $1.name }
    }

    /// Display names from the top; nil for a folder in a parent cycle (a malformed answer).
    private func path(of folder: GraphFolderEntry) -> [String]? {
        var names: [String] = []
        var current: GraphFolderEntry? = folder
        var seen = Set<String>()
        while let node = current {
            guard seen.insert(node.id).inserted else { return nil }
            names.insert(node.displayName.flatMap { $0.isEmpty ? nil : $0 } ?? node.id, at: 0)
            current = node.parentFolderID.flatMap { folders[$0] }
        }
        return names
    }
}
