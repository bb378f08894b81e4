import Foundation

/// An item as GetItem returns it with the properties of ``EWSItemProperties``.
public struct EWSItem: Sendable, Hashable, CustomStringConvertible {
    /// The item element's name: `Message`, `MeetingRequest`, `Item`, …
    public var itemType: String
    public var id: EWSItemID
    /// The decoded `MimeContent`: the message exactly as stored, byte for byte.
    public var mimeContent: [UInt8]?
    /// `InternetMessageId`, angle brackets included, as the server sent it.
    public var internetMessageID: String?
    public var parentFolderID: EWSFolderID?
    public var dateTimeReceived: Date?
    public var hasAttachments: Bool?
    /// `Size` in bytes, as the store counts it.
    public var size: Int?
    public var subject: String?
    /// `IsRead`; nil when not asked for or not a message.
    public var isRead: Bool?

    public init(
        itemType: String,
        id: EWSItemID,
        mimeContent: [UInt8]? = nil,
        internetMessageID: String? = nil,
        parentFolderID: EWSFolderID? = nil,
        dateTimeReceived: Date? = nil,
        hasAttachments: Bool? = nil,
        size: Int? = nil,
        subject: String? = nil,
        isRead: Bool? = nil
    ) {
        self.isRead = isRead
        self.itemType = itemType
        self.id = id
        self.mimeContent = mimeContent
        self.internetMessageID = internetMessageID
        self.parentFolderID = parentFolderID
        self.dateTimeReceived = dateTimeReceived
        self.hasAttachments = hasAttachments
        self.size = size
        self.subject = subject
    }

    /// Names the type and sizes only: never the content, subject or message id.
    public var description: String {
        let mime = mimeContent.map { "[\($0.count) bytes]" } ?? "none"
        return "EWSItem(\(itemType), mime: \(mime))"
    }
}
