import Foundation

/// Everything the simulated server holds: mailboxes, folders, items and their change logs, and the indexes
/// from EWS ids to records. A plain value; ``EWSSimulator`` keeps it behind a lock.
struct SimulatorStore: Sendable {
    var mailboxes: [String: MailboxRecord] = [:]
    /// FolderId → (mailbox key, folder key), deleted folders included (they answer ErrorSyncFolderNotFound).
    private(set) var folderIndex: [String: (mailbox: String, folder: Int)] = [:]
    /// ItemId → (mailbox key, item key), for live items only.
    private(set) var itemIndex: [String: (mailbox: String, item: Int)] = [:]
    /// Message handle → its current (mailbox key, item key).
    private(set) var messageIndex: [Int: (mailbox: String, item: Int)] = [:]
    private(set) var attachmentIndex: [String: (mailbox: String, item: Int)] = [:]
    var ids: OpaqueIDGenerator
    private var nextKey = 1

    init(seed: UInt64) {
        ids = OpaqueIDGenerator(seed: seed)
    }

    static func mailboxKey(_ smtpAddress: String) -> String {
        smtpAddress.trimmingCharacters(in: .whitespaces).lowercased()
    }

    mutating func makeKey() -> Int {
        defer { nextKey += 1 }
        return nextKey
    }

    /// The well-known folders every mailbox has, with Exchange's display names (English).
    private static let wellKnownFolders: [(name: String, parent: String?, displayName: String, folderClass: String?)] =
        [
            ("root", nil, "", nil),
            ("msgfolderroot", "root", "Top of Information Store", "IPF.Note"),
            ("inbox", "msgfolderroot", "Inbox", "IPF.Note"),
            ("sentitems", "msgfolderroot", "Sent Items", "IPF.Note"),
            ("deleteditems", "msgfolderroot", "Deleted Items", "IPF.Note"),
            ("drafts", "msgfolderroot", "Drafts", "IPF.Note"),
            ("junkemail", "msgfolderroot", "Junk Email", "IPF.Note"),
            ("outbox", "msgfolderroot", "Outbox", "IPF.Note"),
            ("calendar", "msgfolderroot", "Calendar", "IPF.Appointment"),
            // The dumpster, outside the mail folders: soft-deleted items go to Deletions.
            ("recoverableitemsroot", "root", "Recoverable Items", nil),
            ("recoverableitemsdeletions", "recoverableitemsroot", "Deletions", nil),
        ]

    /// Creates a mailbox with the well-known folders; a mailbox that exists is left as it is.
    mutating func addMailbox(_ smtpAddress: String) {
        let key = Self.mailboxKey(smtpAddress)
        guard mailboxes[key] == nil else { return }
        mailboxes[key] = MailboxRecord(smtpAddress: smtpAddress, guid: ids.randomBytes(16))
        for folder in Self.wellKnownFolders {
            let parent = folder.parent.flatMap { mailboxes[key]?.distinguished[$0] }
            let folderKey = insertFolder(
                mailbox: key, parentKey: parent, displayName: folder.displayName, folderClass: folder.folderClass,
                distinguishedName: folder.name
            )
            mailboxes[key]?.distinguished[folder.name] = folderKey
        }
    }

    /// Adds a folder record and logs its creation.
    @discardableResult
    mutating func insertFolder(
        mailbox: String,
        parentKey: Int?,
        displayName: String,
        folderClass: String?,
        distinguishedName: String? = nil
    ) -> Int {
        let key = makeKey()
        guard let guid = mailboxes[mailbox]?.guid else { return key }
        let id = ids.make(.folder, mailboxGUID: guid, serial: key)
        let record = FolderRecord(
            key: key, id: id, changeKey: ids.changeKey(version: 1), parentKey: parentKey,
            displayName: displayName, folderClass: folderClass, distinguishedName: distinguishedName
        )
        mailboxes[mailbox]?.folders[key] = record
        mailboxes[mailbox]?.hierarchyLog.append(HierarchyLogEntry(folderKey: key, kind: .create))
        folderIndex[id] = (mailbox, key)
        return key
    }

    func mailbox(_ smtpAddress: String) -> MailboxRecord? {
        mailboxes[Self.mailboxKey(smtpAddress)]
    }

    /// A live folder of a mailbox by well-known name or id; `nil` when unknown, deleted or of another mailbox.
    func folderKey(_ folder: SimulatedFolder, mailbox: String) -> Int? {
        let key = Self.mailboxKey(mailbox)
        guard let record = mailboxes[key] else { return nil }
        let folderKey: Int?
        switch folder {
        case .distinguished(let name): folderKey = record.distinguished[name.lowercased()]
        case .id(let id): folderKey = folderIndex[id].flatMap { $0.mailbox == key ? $0.folder : nil }
        }
        guard let folderKey, record.folders[folderKey]?.isDeleted == false else { return nil }
        return folderKey
    }

    func item(_ message: SimulatedMessage) -> ItemRecord? {
        guard let location = messageIndex[message.key] else { return nil }
        return mailboxes[location.mailbox]?.items[location.item]
    }

    func item(id: String) -> (mailbox: String, record: ItemRecord)? {
        guard let location = itemIndex[id], let record = mailboxes[location.mailbox]?.items[location.item] else {
            return nil
        }
        return (location.mailbox, record)
    }

    // MARK: Item records

    mutating func insertItem(_ item: ItemRecord, mailbox: String) {
        mailboxes[mailbox]?.items[item.key] = item
        itemIndex[item.id] = (mailbox, item.key)
        messageIndex[item.messageKey] = (mailbox, item.key)
        for attachment in item.attachments { attachmentIndex[attachment.id] = (mailbox, item.key) }
        log(.create, item: item, mailbox: mailbox)
    }

    mutating func removeItem(key: Int, mailbox: String, keepHandle: Bool) {
        guard let item = mailboxes[mailbox]?.items.removeValue(forKey: key) else { return }
        itemIndex[item.id] = nil
        for attachment in item.attachments { attachmentIndex[attachment.id] = nil }
        if !keepHandle { messageIndex[item.messageKey] = nil }
        log(.delete, item: item, mailbox: mailbox)
    }

    mutating func updateItem(key: Int, mailbox: String, kind: ItemLogEntry.Kind, _ change: (inout ItemRecord) -> Void) {
        guard var item = mailboxes[mailbox]?.items[key] else { return }
        change(&item)
        item.changeKey = ids.changeKey(version: key)
        mailboxes[mailbox]?.items[key] = item
        log(kind, item: item, mailbox: mailbox)
    }

    private mutating func log(_ kind: ItemLogEntry.Kind, item: ItemRecord, mailbox: String) {
        mailboxes[mailbox]?.folders[item.folderKey]?.itemLog.append(
            ItemLogEntry(itemKey: item.key, itemID: item.id, kind: kind)
        )
    }

    mutating func setFolder(_ key: Int, mailbox: String, _ change: (inout FolderRecord) -> Void) {
        guard var folder = mailboxes[mailbox]?.folders[key] else { return }
        change(&folder)
        mailboxes[mailbox]?.folders[key] = folder
    }

    mutating func logFolder(_ key: Int, mailbox: String, _ kind: HierarchyLogEntry.Kind) {
        mailboxes[mailbox]?.hierarchyLog.append(HierarchyLogEntry(folderKey: key, kind: kind))
    }

    func attachment(id: String) -> (mailbox: String, item: ItemRecord, attachment: AttachmentRecord)? {
        guard let location = attachmentIndex[id], let item = mailboxes[location.mailbox]?.items[location.item],
            let attachment = item.attachments.first(where: { $0.id == id })
        else { return nil }
        return (location.mailbox, item, attachment)
    }
}

extension SimulatorStore {
    /// Stores a message: the properties read from its MIME, its attachments (those given, else the MIME's own
    /// attachment parts), a new ItemId; logged as a Create in its folder.
    @discardableResult
    mutating func storeMessage(
        mime: [UInt8],
        folderKey: Int,
        mailbox mailboxKey: String,
        received: Date,
        isRead: Bool,
        attachments explicit: [MessageProperties.Attachment]? = nil,
        isDraft: Bool = false,
        configure: (inout ItemRecord) -> Void = { _ in }
    ) -> ItemRecord {
        let guid = mailboxes[mailboxKey]?.guid ?? []
        let key = makeKey()
        let properties = MessageProperties(mime: mime)
        let records = (explicit ?? properties.attachments).map { attachment in
            AttachmentRecord(
                id: ids.make(.attachment, mailboxGUID: guid, serial: makeKey()), name: attachment.name,
                contentType: attachment.contentType, content: attachment.content, contentID: attachment.contentID,
                isInline: attachment.isInline
            )
        }
        var item = ItemRecord(
            key: key, messageKey: key, id: ids.make(.item, mailboxGUID: guid, serial: key),
            changeKey: ids.changeKey(version: 1), folderKey: folderKey, mime: mime, isRead: isRead, received: received,
            attachments: records, searchKey: ids.randomBytes(16), properties: properties
        )
        item.isDraft = isDraft
        configure(&item)
        insertItem(item, mailbox: mailboxKey)
        return item
    }

    /// Exchange's move or copy: a new item (new ItemId, a Create in the target folder); a move also deletes the
    /// original (a Delete in the source folder) and keeps the message handle, a copy gets a handle of its own.
    @discardableResult
    mutating func relocate(
        _ item: ItemRecord,
        from sourceMailbox: String,
        to targetMailbox: String,
        folder targetFolder: Int,
        copy: Bool,
        now: Date = Date()
    ) -> ItemRecord {
        let guid = mailboxes[targetMailbox]?.guid ?? []
        if !copy { removeItem(key: item.key, mailbox: sourceMailbox, keepHandle: true) }
        let key = makeKey()
        let attachments = item.attachments.map { attachment in
            var moved = attachment
            moved.id = ids.make(.attachment, mailboxGUID: guid, serial: makeKey())
            return moved
        }
        let record = item.relocated(
            key: key, messageKey: copy ? key : item.messageKey, id: ids.make(.item, mailboxGUID: guid, serial: key),
            changeKey: ids.changeKey(version: 1), folderKey: targetFolder, attachments: attachments, now: now
        )
        insertItem(record, mailbox: targetMailbox)
        return record
    }
}
