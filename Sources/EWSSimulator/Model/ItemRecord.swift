import Foundation

/// A message stored in a simulated mailbox. A move makes a new record (new key, new id) carrying the same
/// message handle, the way Exchange copies the item and deletes the original.
struct ItemRecord: Sendable {
    let key: Int
    /// Stable across moves: the handle tests hold.
    let messageKey: Int
    let id: String
    var changeKey: String
    var folderKey: Int
    var mime: [UInt8]
    var isRead: Bool
    var dateTimeReceived: Date
    /// When the item was made (delivery or CreateItem); moves and copies keep it.
    var dateTimeCreated: Date
    var internetMessageID: String?
    /// The decoded Subject; UpdateItem may change it.
    var subject: String?
    var itemClass: String
    var attachments: [AttachmentRecord]
    /// PR_SEARCH_KEY: kept through moves and copies.
    var searchKey: [UInt8]
    /// What GetItem answers for this item instead of the item, when set.
    var failure: SimulatedItemFailure?
    /// What the store read from the MIME when the item was stored.
    var properties: MessageProperties
    var categories: [String] = []
    /// `NotFlagged`, `Flagged` or `Complete` (`t:Flag/t:FlagStatus`).
    var flagStatus = "NotFlagged"
    var importance: String
    /// A message saved with CreateItem SaveOnly and not sent.
    var isDraft = false
    /// For a draft made by CreateItem from properties: those properties, from which its MIME is rebuilt when
    /// UpdateItem changes the body or the recipients.
    var draft: DraftMessage?
    var lastModified: Date

    init(
        key: Int, messageKey: Int, id: String, changeKey: String, folderKey: Int, mime: [UInt8], isRead: Bool,
        received: Date, attachments: [AttachmentRecord], searchKey: [UInt8], properties: MessageProperties
    ) {
        self.key = key
        self.messageKey = messageKey
        self.id = id
        self.changeKey = changeKey
        self.folderKey = folderKey
        self.mime = mime
        self.isRead = isRead
        dateTimeReceived = received
        dateTimeCreated = received
        lastModified = received
        internetMessageID = properties.internetMessageID
        subject = properties.subject
        itemClass = "IPM.Note"
        self.attachments = attachments
        self.searchKey = searchKey
        self.properties = properties
        importance = properties.importance
    }

    /// This item as a new record elsewhere (a move or a copy): new key, id and ChangeKey, everything else kept.
    func relocated(
        key: Int, messageKey: Int, id: String, changeKey: String, folderKey: Int, attachments: [AttachmentRecord],
        now: Date
    ) -> ItemRecord {
        var copy = ItemRecord(
            key: key, messageKey: messageKey, id: id, changeKey: changeKey, folderKey: folderKey, mime: mime,
            isRead: isRead, received: dateTimeReceived, attachments: attachments, searchKey: searchKey,
            properties: properties
        )
        copy.dateTimeCreated = dateTimeCreated
        copy.lastModified = now
        copy.internetMessageID = internetMessageID
        copy.subject = subject
        copy.itemClass = itemClass
        copy.failure = failure
        copy.categories = categories
        copy.flagStatus = flagStatus
        copy.importance = importance
        copy.isDraft = isDraft
        copy.draft = draft
        return copy
    }

    var size: Int { mime.count }
}

/// A file attachment of a simulated message, served by GetAttachment.
struct AttachmentRecord: Sendable {
    var id: String
    var name: String
    var contentType: String
    var content: [UInt8]
    var contentID: String? = nil
    var isInline = false
}
