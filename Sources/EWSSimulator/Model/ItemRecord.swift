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
    var internetMessageID: String?
    var subject: String?
    var itemClass: String
    var attachments: [AttachmentRecord]
    /// PR_SEARCH_KEY: kept through moves and copies.
    var searchKey: [UInt8]
    /// What GetItem answers for this item instead of the item, when set.
    var failure: SimulatedItemFailure?

    var size: Int { mime.count }
}

/// A file attachment of a simulated message, served by GetAttachment.
struct AttachmentRecord: Sendable {
    var id: String
    var name: String
    var contentType: String
    var content: [UInt8]
}
