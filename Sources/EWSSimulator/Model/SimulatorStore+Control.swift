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
        guard let guid = mailboxes[mailboxKey]?.guid else { throw .init(code: .unknownMailbox, detail: mailbox) }
        guard let folderKey = folderKey(folder, mailbox: mailbox) else {
            throw .init(code: .unknownFolder, detail: "\(folder)")
        }
        let key = makeKey()
        let headers = MIMEHeaderScan(mime)
        let records = attachments.map { attachment in
            AttachmentRecord(
                id: ids.make(.attachment, mailboxGUID: guid, serial: makeKey()), name: attachment.name,
                contentType: attachment.contentType, content: attachment.content
            )
        }
        let item = ItemRecord(
            key: key, messageKey: key, id: ids.make(.item, mailboxGUID: guid, serial: key),
            changeKey: ids.changeKey(version: 1), folderKey: folderKey, mime: mime, isRead: isRead,
            dateTimeReceived: received, internetMessageID: headers.value("Message-ID"),
            subject: headers.value("Subject"), itemClass: "IPM.Note", attachments: records,
            searchKey: ids.randomBytes(16), failure: nil
        )
        insertItem(item, mailbox: mailboxKey)
        return SimulatedMessage(mailbox: mailbox, key: key)
    }

    /// Exchange's move: a copy with a new ItemId in the target, the original deleted from the source.
    mutating func move(_ message: SimulatedMessage, to folder: SimulatedFolder) throws(EWSSimulatorError) {
        let (mailboxKey, item) = try locate(message)
        guard let guid = mailboxes[mailboxKey]?.guid, let target = folderKey(folder, mailbox: mailboxKey) else {
            throw .init(code: .unknownFolder, detail: "\(folder)")
        }
        guard target != item.folderKey else { return }
        removeItem(key: item.key, mailbox: mailboxKey, keepHandle: true)
        let key = makeKey()
        let moved = ItemRecord(
            key: key, messageKey: item.messageKey, id: ids.make(.item, mailboxGUID: guid, serial: key),
            changeKey: ids.changeKey(version: 1), folderKey: target, mime: item.mime, isRead: item.isRead,
            dateTimeReceived: item.dateTimeReceived, internetMessageID: item.internetMessageID,
            subject: item.subject, itemClass: item.itemClass,
            attachments: item.attachments.map { attachment in
                var copy = attachment
                copy.id = ids.make(.attachment, mailboxGUID: guid, serial: makeKey())
                return copy
            },
            searchKey: item.searchKey, failure: item.failure
        )
        insertItem(moved, mailbox: mailboxKey)
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

/// The few header fields the store indexes (Message-ID, Subject), read from the raw header block without
/// decoding: what the simulator reports is what the message says.
struct MIMEHeaderScan {
    private var fields: [(name: String, value: String)] = []

    init(_ mime: [UInt8]) {
        let limit = min(mime.count, 64 * 1024)
        let text = String(decoding: mime[0..<limit], as: UTF8.self)
        var current: (name: String, value: String)?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine)
            if line.isEmpty { break }
            if line.first == " " || line.first == "\t" {
                current?.value += " " + line.trimmingCharacters(in: .whitespaces)
                continue
            }
            if let current { fields.append(current) }
            guard let colon = line.firstIndex(of: ":") else {
                current = nil
                continue
            }
            current = (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        if let current { fields.append(current) }
    }

    func value(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
