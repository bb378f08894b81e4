import Foundation

/// A mailFolder as Graph v1.0 returns it (learn.microsoft.com/graph/api/resources/mailfolder). v1.0 has no
/// `wellKnownName` (only beta does): clients find the well-known folders by asking for `mailFolders/inbox` and so on.
enum FolderJSON {
    static let type = "microsoft.graph.mailFolder"
    static let properties = [
        "id", "displayName", "parentFolderId", "childFolderCount", "unreadItemCount", "totalItemCount", "isHidden",
    ]

    static func canonical(_ select: [String]) -> Result<[String], GraphError> {
        var names: [String] = []
        for name in select {
            guard let known = properties.first(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) else {
                return .failure(.unknownProperty(name, type: type))
            }
            names.append(known)
        }
        return .success(names)
    }

    static func render(
        _ folder: FolderRecord, in mailbox: MailboxRecord, select: [String]?,
        odataType: Bool = false
    ) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if odataType { members.append(("@odata.type", .string("#\(type)"))) }
        let wanted = select.map(Set.init)
        for name in properties where name == "id" || wanted?.contains(name) ?? true {
            members.append((name, value(name, folder, mailbox)))
        }
        return .object(members)
    }

    private static func value(_ name: String, _ folder: FolderRecord, _ mailbox: MailboxRecord) -> JSONValue {
        switch name {
        case "id": return .string(folder.id)
        case "displayName": return .string(folder.displayName)
        case "parentFolderId": return .optional(folder.parentKey.flatMap { mailbox.folders[$0]?.id })
        case "childFolderCount": return .int(mailbox.folders.values.filter { $0.parentKey == folder.key }.count)
        case "unreadItemCount":
            return .int(mailbox.messages.values.filter { $0.folderKey == folder.key && !$0.isRead }.count)
        case "totalItemCount": return .int(mailbox.messages.values.filter { $0.folderKey == folder.key }.count)
        case "isHidden": return .bool(folder.isHidden)
        default: return .null
        }
    }
}
