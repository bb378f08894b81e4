import Foundation

/// A message's attachments as Graph lists them (learn.microsoft.com/graph/api/resources/attachment): a
/// fileAttachment with `contentBytes` (base64), an itemAttachment for an attached email (its `$value` is the MIME).
/// Attachment ids are derived from the message id the client used, so they change with it, as Graph's do.
enum AttachmentJSON {
    static func id(of index: Int, messageID: String) -> String {
        GraphIDGenerator.urlSafe(Array(messageID.utf8.suffix(60)) + [0x12, 0x00, UInt8(truncatingIfNeeded: index)])
    }

    static func index(of attachmentID: String, messageID: String, count: Int) -> Int? {
        (0..<count).first { id(of: $0, messageID: messageID) == attachmentID }
    }

    static func render(
        _ attachment: MessageContent.Attachment, index: Int, message: MessageRecord,
        context: ResponseContext
    ) -> JSONValue {
        let messageID = message.id(immutable: context.immutableIDs)
        var members: [(String, JSONValue)] = []
        switch attachment.kind {
        case .file:
            members.append(("@odata.type", .string("#microsoft.graph.fileAttachment")))
            members.append(("@odata.mediaContentType", .string(attachment.contentType)))
        case .item:
            members.append(("@odata.type", .string("#microsoft.graph.itemAttachment")))
        }
        members += [
            ("id", .string(id(of: index, messageID: messageID))),
            ("lastModifiedDateTime", .string(GraphDate.format(message.lastModifiedDateTime))),
            ("name", .string(attachment.name)),
            ("contentType", .string(attachment.contentType)),
            ("size", .int(attachment.content.count)),
            ("isInline", .bool(attachment.isInline)),
        ]
        if case .file = attachment.kind {
            members += [
                ("contentId", .optional(attachment.contentID)), ("contentLocation", .null),
                ("contentBytes", .string(Data(attachment.content).base64EncodedString())),
            ]
        }
        return .object(members)
    }
}
