import Foundation

/// The changes tests make, each logged the way Exchange's store reports it to SyncFolderItems and
/// SyncFolderHierarchy.
extension SimulatorStore {
    mutating func addMessage(
        mime: [UInt8],
        folder: SimulatedFolder,
        mailbox: String,
        received: Date,
        isRead: Bool,
        attachments: [(name: String, contentType: String, content: [UInt8])]
    ) throws(EWSSimulatorError) -> SimulatedMessage {
        let mailboxKey = Self.mailboxKey(mailbox)
        guard mailboxes[mailboxKey] != nil else { throw .init(code: .unknownMailbox, detail: mailbox) }
        guard let folderKey = folderKey(folder, mailbox: mailbox) else {
            throw .init(code: .unknownFolder, detail: "\(folder)")
        }
        let explicit = attachments.map { MessageProperties.Attachment(
            name: $0.name, contentType: $0.contentType, content: $0.content, contentID: nil, isInline: false) }
        let item = storeMessage(
            mime: mime, folderKey: folderKey, mailbox: mailboxKey, received: received, isRead: isRead,
            attachments: explicit.isEmpty ? nil : explicit
        )
        return SimulatedMessage(mailbox: mailbox, key: item.messageKey)
    }

    /// Exchange's move: a copy with a new ItemId in the target, the original deleted from the source.
    mutating func move(_ message: SimulatedMessage, to folder: SimulatedFolder) throws(EWSSimulatorError) {
        let (mailboxKey, item) = try locate(message)
        guard let target = folderKey(folder, mailbox: mailboxKey) else {
            throw .init(code: .unknownFolder, detail: "\(folder)")
        }
        guard target != item.folderKey else { return }
        relocate(item, from: mailboxKey, to: mailboxKey, folder: target, copy: false)
    }

    /// A hard delete: gone from the store, reported as a Delete.
    mutating func delete(_ message: SimulatedMessage) throws(EWSSimulatorError) {
        let (mailboxKey, item) = try locate(message)
        removeItem(key: item.key, mailbox: mailboxKey, keepHandle: false)
    }

    mutating func markRead(_ message: SimulatedMessage, isRead: Bool) throws(EWSSimulatorError) {
        let (mailboxKey, item) = try locate(message)
        updateItem(key: item.key, mailbox: mailboxKey, kind: .readFlag(isRead)) { $0.isRead = isRead }
    }

    /// Any other property change (categories, flags): reported as an Update.
    mutating func touch(_ message: SimulatedMessage) throws(EWSSimulatorError) {
        let (mailboxKey, item) = try locate(message)
        updateItem(key: item.key, mailbox: mailboxKey, kind: .update) { _ in }
    }

    mutating func setFailure(_ failure: SimulatedItemFailure?, for message: SimulatedMessage) throws(EWSSimulatorError)
    {
        let (mailboxKey, item) = try locate(message)
        mailboxes[mailboxKey]?.items[item.key]?.failure = failure
    }

    mutating func createFolder(
        named displayName: String,
        parent: SimulatedFolder,
        mailbox: String,
        folderClass: String
    ) throws(EWSSimulatorError) -> String {
        let mailboxKey = Self.mailboxKey(mailbox)
        guard mailboxes[mailboxKey] != nil else { throw .init(code: .unknownMailbox, detail: mailbox) }
        guard let parentKey = folderKey(parent, mailbox: mailbox) else {
            throw .init(code: .unknownFolder, detail: "\(parent)")
        }
        let key = insertFolder(
            mailbox: mailboxKey, parentKey: parentKey, displayName: displayName, folderClass: folderClass
        )
        return mailboxes[mailboxKey]?.folders[key]?.id ?? ""
    }

    mutating func renameFolder(_ folder: SimulatedFolder, mailbox: String, to name: String) throws(EWSSimulatorError) {
        let mailboxKey = Self.mailboxKey(mailbox)
        guard let key = folderKey(folder, mailbox: mailbox) else {
            throw .init(code: .unknownFolder, detail: "\(folder)")
        }
        let changeKey = ids.changeKey(version: key)
        setFolder(key, mailbox: mailboxKey) {
            $0.displayName = name
            $0.changeKey = changeKey
        }
        logFolder(key, mailbox: mailboxKey, .update)
    }

    /// Deletes a user folder with its subfolders and items (well-known folders can't be deleted).
    mutating func deleteFolder(_ folder: SimulatedFolder, mailbox: String) throws(EWSSimulatorError) {
        let mailboxKey = Self.mailboxKey(mailbox)
        guard let key = folderKey(folder, mailbox: mailbox), let record = mailboxes[mailboxKey] else {
            throw .init(code: .unknownFolder, detail: "\(folder)")
        }
        guard record.folders[key]?.distinguishedName == nil else {
            throw .init(code: .notAllowed, detail: "well-known folders can't be deleted")
        }
        let doomed = record.descendants(of: key).reversed().map(\.key) + [key]
        for folderKey in doomed {
            for item in mailboxes[mailboxKey]?.items(in: folderKey) ?? [] {
                removeItem(key: item.key, mailbox: mailboxKey, keepHandle: false)
            }
            setFolder(folderKey, mailbox: mailboxKey) { $0.isDeleted = true }
            logFolder(folderKey, mailbox: mailboxKey, .delete)
        }
    }

    private func locate(_ message: SimulatedMessage) throws(EWSSimulatorError) -> (String, ItemRecord) {
        guard let location = messageIndex[message.key], let item = mailboxes[location.mailbox]?.items[location.item]
        else { throw .init(code: .unknownMessage, detail: "message \(message.key)") }
        return (location.mailbox, item)
    }
}
