/// Reads `GetItemResponseMessage`s, one per requested id.
///
/// Reference: learn.microsoft.com "GetItem operation (email message)", "MimeContent". `MimeContent` arrives
/// decoded (by ``ResponsePreprocessor``, or while it streams in); dates, sizes and flags that do not parse are
/// left `nil` rather than failing the batch.
struct GetItemHandler: ResponseMessageHandler {
    static let responseElement = "GetItemResponse"
    static let messageElement = "GetItemResponseMessage"

    private var item: EWSItem?
    private var current: EWSItem?

    mutating func didStart(_ path: ElementPath, attributes: [String: String]) -> TextCapture {
        if path.matches("Items", "*") {
            current = EWSItem(itemType: path.name, id: EWSItemID(id: ""))
            return .none
        }
        guard path.matches("Items", "*", "*") else { return .none }
        switch path.name {
        case "ItemId":
            current?.id = EWSItemID(attributes: attributes) ?? EWSItemID(id: "")
        case "ParentFolderId":
            current?.parentFolderID = EWSFolderID(attributes: attributes)
        case "MimeContent":
            return .base64
        case "InternetMessageId", "Subject", "DateTimeReceived", "HasAttachments", "Size", "IsRead":
            return .text
        default:
            break
        }
        return .none
    }

    mutating func didEnd(_ path: ElementPath, value: CapturedValue?) throws(EWSParseError) {
        if path.matches("Items", "*") {
            guard let current, !current.id.id.isEmpty else { throw .missing("ItemId") }
            if item == nil { item = current }
            self.current = nil
            return
        }
        guard path.matches("Items", "*", "*"), let value else { return }
        switch path.name {
        case "MimeContent": current?.mimeContent = value.bytes
        case "InternetMessageId": current?.internetMessageID = value.text
        case "Subject": current?.subject = value.text
        case "DateTimeReceived": current?.dateTimeReceived = XSValue.dateTime(value.text)
        case "HasAttachments": current?.hasAttachments = XSValue.boolean(value.text)
        case "Size": current?.size = XSValue.integer(value.text)
        case "IsRead": current?.isRead = XSValue.boolean(value.text)
        default: break
        }
    }

    mutating func finish(status: EWSResponseStatus) -> EWSGetItemResponse {
        defer { self = Self() }
        return EWSGetItemResponse(status: status, item: item)
    }
}
