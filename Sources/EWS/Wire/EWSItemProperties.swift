/// Which item properties a GetItem request asks for, on top of the `ItemId` that `IdOnly` always returns.
///
/// Field URIs follow exchangelib `items/item.py` and `items/message.py`.
public struct EWSItemProperties: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `item:MimeContent`: the whole message as base64 MIME, often the bulk of the response.
    public static let mimeContent = EWSItemProperties(rawValue: 1 << 0)
    /// `message:InternetMessageId`. Only message-like items carry it.
    public static let internetMessageID = EWSItemProperties(rawValue: 1 << 1)
    /// `item:ParentFolderId`.
    public static let parentFolderID = EWSItemProperties(rawValue: 1 << 2)
    /// `item:DateTimeReceived`.
    public static let dateTimeReceived = EWSItemProperties(rawValue: 1 << 3)
    /// `item:HasAttachments`.
    public static let hasAttachments = EWSItemProperties(rawValue: 1 << 4)
    /// `item:Size`, in bytes.
    public static let size = EWSItemProperties(rawValue: 1 << 5)
    /// `item:Subject`.
    public static let subject = EWSItemProperties(rawValue: 1 << 6)
    /// `message:IsRead`. Only message-like items carry it.
    public static let isRead = EWSItemProperties(rawValue: 1 << 7)

    /// Everything mail sync needs about a message, without its content.
    public static let metadata: EWSItemProperties = [
        .internetMessageID, .parentFolderID, .dateTimeReceived, .hasAttachments, .size, .isRead,
    ]
    /// ``metadata`` plus the MIME content.
    public static let sync: EWSItemProperties = metadata.union(.mimeContent)

    /// The `FieldURI` values in request order.
    var fieldURIs: [String] {
        let table: [(EWSItemProperties, String)] = [
            (.mimeContent, "item:MimeContent"),
            (.internetMessageID, "message:InternetMessageId"),
            (.parentFolderID, "item:ParentFolderId"),
            (.dateTimeReceived, "item:DateTimeReceived"),
            (.hasAttachments, "item:HasAttachments"),
            (.size, "item:Size"),
            (.subject, "item:Subject"),
            (.isRead, "message:IsRead"),
        ]
        return table.filter { contains($0.0) }.map(\.1)
    }
}
