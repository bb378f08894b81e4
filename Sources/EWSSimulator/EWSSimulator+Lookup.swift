import Foundation
import Synchronization

/// A message as the admin API and scripts see it.
public struct SimulatedItemInfo: Sendable, Hashable, Codable {
    /// The current EWS ItemId.
    public var id: String
    public var subject: String?
    /// The folder's path from the top of the mailbox (`Inbox/Projects`).
    public var folder: String
    public var folderID: String
    public var isRead: Bool
    public var received: Date
    public var internetMessageID: String?

    enum CodingKeys: String, CodingKey {
        case id, subject, folder
        case folderID = "folder_id"
        case isRead = "is_read"
        case received
        case internetMessageID = "internet_message_id"
    }
}

/// A folder as the admin API lists it.
public struct SimulatedFolderInfo: Sendable, Hashable, Codable {
    public var id: String
    /// From the top of the mailbox (`Inbox/Projects`).
    public var path: String
    /// The well-known name (`inbox`), if any.
    public var wellKnownName: String?
    public var totalCount: Int
    public var unreadCount: Int

    enum CodingKeys: String, CodingKey {
        case id, path
        case wellKnownName = "well_known_name"
        case totalCount = "total_count"
        case unreadCount = "unread_count"
    }
}

extension EWSSimulator {
    /// The message an EWS ItemId names now; nil for an unknown or deleted id.
    public func message(itemID: String) -> SimulatedMessage? {
        state.withLock { state in
            guard let found = state.store.item(id: itemID) else { return nil }
            return SimulatedMessage(mailbox: found.mailbox, key: found.record.messageKey)
        }
    }

    /// The mailboxes the simulator has (SMTP addresses as created).
    public var mailboxAddresses: [String] {
        state.withLock { $0.store.mailboxes.values.map(\.smtpAddress).sorted() }
    }

    /// A folder named by its well-known name (`inbox`, `sentitems`), its FolderId, or its path from the top of the
    /// mailbox with `/` between names (`Inbox/Projects`, case-insensitive); nil when there is none.
    public func folder(_ reference: String, mailbox: String) -> SimulatedFolder? {
        state.withLock { state in
            guard let record = state.store.mailbox(mailbox) else { return nil }
            if record.distinguished[reference.lowercased()] != nil { return .distinguished(reference.lowercased()) }
            if state.store.folderKey(.id(reference), mailbox: mailbox) != nil { return .id(reference) }
            guard let top = record.distinguished["msgfolderroot"] else { return nil }
            var current = top
            for name in reference.split(separator: "/") {
                guard let child = Self.child(named: String(name), of: current, in: record) else { return nil }
                current = child.key
            }
            return current == top ? .msgFolderRoot : record.folders[current].map { .id($0.id) }
        }
    }

    /// The child folder of `parent` with this display name (or, below the top of the mailbox, this well-known
    /// name); nil when there is none.
    public func folder(named name: String, in parent: SimulatedFolder, mailbox: String) -> SimulatedFolder? {
        state.withLock { state in
            guard let record = state.store.mailbox(mailbox),
                let parentKey = state.store.folderKey(parent, mailbox: mailbox)
            else { return nil }
            if let key = record.distinguished[name.lowercased()], record.folders[key]?.parentKey == parentKey {
                return .distinguished(name.lowercased())
            }
            return Self.child(named: name, of: parentKey, in: record).map { .id($0.id) }
        }
    }

    private static func child(named name: String, of parent: Int, in mailbox: MailboxRecord) -> FolderRecord? {
        mailbox.descendants(of: parent, deep: false).first {
            $0.displayName.caseInsensitiveCompare(name) == .orderedSame
                || $0.distinguishedName == name.lowercased()
        }
    }

    /// Every folder below the top of the mailbox, parents first.
    public func folders(mailbox: String) -> [SimulatedFolderInfo] {
        state.withLock { state in
            guard let record = state.store.mailbox(mailbox), let top = record.distinguished["msgfolderroot"] else {
                return []
            }
            return record.descendants(of: top).map { folder in
                let items = record.items(in: folder.key)
                return SimulatedFolderInfo(
                    id: folder.id, path: Self.path(of: folder.key, in: record), wellKnownName: folder.distinguishedName,
                    totalCount: items.count, unreadCount: items.filter { !$0.isRead }.count)
            }
        }
    }

    /// The messages of a mailbox (of one folder when given), newest first.
    public func items(mailbox: String, in folder: SimulatedFolder? = nil) -> [SimulatedItemInfo] {
        state.withLock { state in
            guard let record = state.store.mailbox(mailbox) else { return [] }
            let folderKey = folder.flatMap { state.store.folderKey($0, mailbox: mailbox) }
            if folder != nil, folderKey == nil { return [] }
            return record.items.values
                .filter { folderKey == nil || $0.folderKey == folderKey }
                .sorted { ($0.dateTimeReceived, $0.key) > ($1.dateTimeReceived, $1.key) }
                .map { item in
                    SimulatedItemInfo(
                        id: item.id, subject: item.subject, folder: Self.path(of: item.folderKey, in: record),
                        folderID: record.folders[item.folderKey]?.id ?? "", isRead: item.isRead,
                        received: item.dateTimeReceived, internetMessageID: item.internetMessageID)
                }
        }
    }

    /// `Inbox/Projects`: display names from below the top of the mailbox.
    private static func path(of folderKey: Int, in mailbox: MailboxRecord) -> String {
        var names: [String] = []
        var current: Int? = folderKey
        while let key = current, let folder = mailbox.folders[key], folder.distinguishedName != "msgfolderroot",
            folder.distinguishedName != "root", names.count < 100
        {
            names.insert(folder.displayName, at: 0)
            current = folder.parentKey
        }
        return names.joined(separator: "/")
    }
}
