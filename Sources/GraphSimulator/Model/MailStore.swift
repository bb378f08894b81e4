import Foundation

/// Everything the simulated Graph holds: the mailboxes and the indexes from ids to records. A plain value; the
/// simulator keeps it behind a lock. Changes append to the folders' logs and to ``events`` (for subscriptions).
struct MailStore: Sendable {
    /// A change subscriptions may be told about.
    struct Event: Sendable {
        enum ChangeType: String, Sendable {
            case created, updated, deleted
        }

        let mailbox: String
        let folderKey: Int
        let messageKey: Int
        let restID: String
        let immutableID: String
        let changeKey: String
        let changeType: ChangeType
    }

    private(set) var mailboxes: [String: MailboxRecord] = [:]
    /// Lower-cased user id → mailbox key.
    private var userIDs: [String: String] = [:]
    /// Message id (REST ids of every location, and immutable ids) → message key, live messages only.
    private var messageIDs: [String: Int] = [:]
    /// Message key → mailbox key.
    private var messageMailbox: [Int: String] = [:]
    var ids: GraphIDGenerator
    private(set) var sequence = 0
    private var nextKey = 1
    var events: [Event] = []

    init(seed: UInt64) {
        ids = GraphIDGenerator(seed: seed)
    }

    static func mailboxKey(_ address: String) -> String {
        address.trimmingCharacters(in: .whitespaces).lowercased()
    }

    private mutating func makeKey() -> Int {
        defer { nextKey += 1 }
        return nextKey
    }

    private mutating func nextSequence() -> Int {
        sequence += 1
        return sequence
    }

    func mailbox(_ key: String) -> MailboxRecord? {
        mailboxes[key]
    }

    /// The mailbox a path's `{id | userPrincipalName}` names: the UPN case-insensitively, or the object id.
    func mailboxKey(forUser user: String) -> String? {
        let key = Self.mailboxKey(user)
        if mailboxes[key] != nil { return key }
        return userIDs[key]
    }

    /// Creates a mailbox with Outlook's well-known folders; one that exists is left as it is.
    /// - Returns: its key.
    @discardableResult
    mutating func addMailbox(_ address: String, displayName: String? = nil, userID: String? = nil) -> String {
        let key = Self.mailboxKey(address)
        if mailboxes[key] != nil { return key }
        let objectID = (userID ?? ids.uuid()).lowercased()
        mailboxes[key] = MailboxRecord(
            address: address, userID: objectID, guid: ids.randomBytes(16),
            displayName: displayName ?? String(address.prefix { $0 != "@" }).capitalized
        )
        userIDs[objectID] = key
        for folder in MailboxRecord.wellKnownFolders {
            let parent = folder.parent.flatMap { mailboxes[key]?.wellKnown[$0] }
            let folderKey = insertFolder(
                mailbox: key, parent: parent, displayName: folder.displayName,
                wellKnownName: folder.name, hidden: folder.hidden)
            mailboxes[key]?.wellKnown[folder.name] = folderKey
        }
        return key
    }

    @discardableResult
    mutating func insertFolder(
        mailbox: String, parent: Int?, displayName: String, wellKnownName: String? = nil,
        hidden: Bool = false
    ) -> Int {
        let key = makeKey()
        guard let guid = mailboxes[mailbox]?.guid else { return key }
        let folder = FolderRecord(
            key: key, id: ids.folderID(mailboxGUID: guid, serial: key), parentKey: parent,
            displayName: displayName, wellKnownName: wellKnownName, isHidden: hidden)
        mailboxes[mailbox]?.folders[key] = folder
        let change = FolderChange(sequence: nextSequence(), folderKey: key, removed: false)
        mailboxes[mailbox]?.hierarchyLog.append(change)
        return key
    }

    /// A folder by well-known name (any case) or id.
    func folderKey(_ reference: String, mailbox: String) -> Int? {
        guard let record = mailboxes[mailbox] else { return nil }
        if let key = record.wellKnown[reference.lowercased()] { return key }
        return record.folders.values.first { $0.id == reference }?.key
    }

    /// The live message with this id (REST id of its current location, or immutable id) in the mailbox.
    func messageKey(id: String, mailbox: String) -> Int? {
        guard let key = messageIDs[id], messageMailbox[key] == mailbox,
            let message = mailboxes[mailbox]?.messages[key], message.restID == id || message.immutableID == id
        else { return nil }
        return key
    }

    func message(_ key: Int) -> (mailbox: String, record: MessageRecord)? {
        guard let mailbox = messageMailbox[key], let record = mailboxes[mailbox]?.messages[key] else { return nil }
        return (mailbox, record)
    }

    // MARK: Changes

    /// Delivers a message into a folder: a creation in its delta.
    mutating func deliver(mime: [UInt8], folder: Int, mailbox: String, received: Date, isRead: Bool) -> Int {
        let key = makeKey()
        guard let guid = mailboxes[mailbox]?.guid else { return key }
        let content = MessageContent(mime: mime)
        let conversation = GraphIDGenerator.urlSafe(
            [0x00, 0x10] + Array(guid.prefix(8))
                + Array((content.subject ?? "").utf8.prefix(24)))
        let record = MessageRecord(
            key: key, immutableID: ids.messageImmutableID(mailboxGUID: guid, serial: key),
            restID: ids.messageRESTID(mailboxGUID: guid, serial: key), folderKey: folder, mime: mime, content: content,
            receivedDateTime: received, createdDateTime: received, lastModifiedDateTime: received, isRead: isRead,
            changeKey: ids.changeKey(version: 1), conversationID: conversation)
        mailboxes[mailbox]?.messages[key] = record
        messageIDs[record.restID] = key
        messageIDs[record.immutableID] = key
        messageMailbox[key] = mailbox
        log(.created, record, mailbox: mailbox, event: .created)
        return key
    }

    /// Moves a message as Exchange does: removed from the source folder's delta, created in the target's, with a
    /// new REST id (the immutable id stays).
    mutating func move(_ key: Int, to folder: Int, reason: RemovalReason, now: Date) {
        guard let mailbox = messageMailbox[key], var record = mailboxes[mailbox]?.messages[key],
            record.folderKey != folder, let guid = mailboxes[mailbox]?.guid
        else { return }
        log(.removed(reason), record, mailbox: mailbox, event: .deleted)
        messageIDs[record.restID] = nil
        record.restID = ids.messageRESTID(mailboxGUID: guid, serial: key)
        record.folderKey = folder
        record.version += 1
        record.changeKey = ids.changeKey(version: record.version)
        record.lastModifiedDateTime = now
        messageIDs[record.restID] = key
        mailboxes[mailbox]?.messages[key] = record
        log(.created, record, mailbox: mailbox, event: .created)
    }

    /// Deletes a message for good: `@removed` with reason `deleted` in its folder's delta.
    mutating func delete(_ key: Int) {
        guard let mailbox = messageMailbox[key], let record = mailboxes[mailbox]?.messages.removeValue(forKey: key)
        else { return }
        log(.removed(.deleted), record, mailbox: mailbox, event: .deleted)
        messageIDs[record.restID] = nil
        messageIDs[record.immutableID] = nil
        messageMailbox[key] = nil
    }

    /// Changes a message in place (the read flag): an update in its folder's delta, new changeKey.
    mutating func update(_ key: Int, now: Date, _ change: (inout MessageRecord) -> Void) {
        guard let mailbox = messageMailbox[key], var record = mailboxes[mailbox]?.messages[key] else { return }
        change(&record)
        record.version += 1
        record.changeKey = ids.changeKey(version: record.version)
        record.lastModifiedDateTime = now
        mailboxes[mailbox]?.messages[key] = record
        log(.updated, record, mailbox: mailbox, event: .updated)
    }

    /// Makes every delta token of a folder (or, with nil, of every folder and of the hierarchy) unusable.
    mutating func invalidateDeltaTokens(mailbox: String, folder: Int?, skipTokenAnswer: StaleSkipTokenAnswer? = nil) {
        guard var record = mailboxes[mailbox] else { return }
        for key in record.folders.keys where folder == nil || folder == key {
            record.folders[key]?.generation += 1
            record.folders[key]?.staleSkipTokenAnswer = skipTokenAnswer
        }
        if folder == nil { record.hierarchyGeneration += 1 }
        mailboxes[mailbox] = record
    }

    mutating func setRESTEnabled(_ enabled: Bool, mailbox: String) {
        mailboxes[mailbox]?.restEnabled = enabled
    }

    private mutating func log(
        _ kind: ItemChange.Kind, _ record: MessageRecord, mailbox: String,
        event: Event.ChangeType
    ) {
        let change = ItemChange(
            sequence: nextSequence(), messageKey: record.key, restID: record.restID,
            immutableID: record.immutableID, kind: kind)
        mailboxes[mailbox]?.folders[record.folderKey]?.log.append(change)
        events.append(
            Event(
                mailbox: mailbox, folderKey: record.folderKey, messageKey: record.key,
                restID: record.restID, immutableID: record.immutableID, changeKey: record.changeKey,
                changeType: event))
    }
}
