/// Reads `GetAttachmentResponseMessage`s, one per requested attachment.
///
/// Reference: learn.microsoft.com "GetAttachment operation", "FileAttachment", "ItemAttachment". A file
/// attachment's `Content` and an item attachment's `MimeContent` arrive decoded, as in ``GetItemHandler``. Reference
/// attachments (links to OneDrive files) carry no content and are skipped.
struct GetAttachmentHandler: ResponseMessageHandler {
    static let responseElement = "GetAttachmentResponse"
    static let messageElement = "GetAttachmentResponseMessage"

    private var attachments: [EWSAttachment] = []
    private var current: EWSAttachment?

    mutating func didStart(_ path: ElementPath, attributes: [String: String]) -> TextCapture {
        if path.matches("Attachments", "*") {
            current = EWSAttachment.Kind(rawValue: path.name).map { EWSAttachment(kind: $0, id: "") }
            return .none
        }
        if path.matches("Attachments", "*", "AttachmentId") {
            current?.id = attributes["Id"] ?? ""
        } else if path.matches("Attachments", "*", "Name") || path.matches("Attachments", "*", "ContentType") {
            return .text
        } else if path.matches("Attachments", "FileAttachment", "Content")
            || path.matches("Attachments", "ItemAttachment", "*", "MimeContent")
        {
            return .base64
        }
        return .none
    }

    mutating func didEnd(_ path: ElementPath, value: CapturedValue?) throws(EWSParseError) {
        if path.matches("Attachments", "*") {
            guard let current else { return }
            guard !current.id.isEmpty else { throw .missing("AttachmentId") }
            attachments.append(current)
            self.current = nil
        } else if path.matches("Attachments", "*", "Name") {
            current?.name = value?.text
        } else if path.matches("Attachments", "*", "ContentType") {
            current?.contentType = value?.text
        } else if path.matches("Attachments", "FileAttachment", "Content")
            || path.matches("Attachments", "ItemAttachment", "*", "MimeContent")
        {
            current?.content = value?.bytes
        }
    }

    mutating func finish(status: EWSResponseStatus) -> EWSGetAttachmentResponse {
        defer { self = Self() }
        return EWSGetAttachmentResponse(status: status, attachments: attachments)
    }
}
