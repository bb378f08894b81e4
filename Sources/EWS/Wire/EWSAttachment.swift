/// An attachment as GetAttachment returns it.
public struct EWSAttachment: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case file = "FileAttachment"
        /// An attached item (a forwarded message); its content is the item's MIME.
        case item = "ItemAttachment"
    }

    public var kind: Kind
    /// The `AttachmentId` `Id` attribute.
    public var id: String
    public var name: String?
    public var contentType: String?
    /// The decoded `Content` of a file attachment, or the `MimeContent` of an item attachment.
    public var content: [UInt8]?

    public init(kind: Kind, id: String, name: String? = nil, contentType: String? = nil, content: [UInt8]? = nil) {
        self.kind = kind
        self.id = id
        self.name = name
        self.contentType = contentType
        self.content = content
    }

    /// Names the kind and size only.
    public var description: String {
        "EWSAttachment(\(kind.rawValue), content: \(content.map { "[\($0.count) bytes]" } ?? "none"))"
    }
}
