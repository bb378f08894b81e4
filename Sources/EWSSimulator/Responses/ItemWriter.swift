import Foundation

/// Writes a `t:Message` with the properties of an ``ItemShape``, in the order of `MessageType` in the schema
/// (MimeContent, ItemId, ParentFolderId, ItemClass, Subject, Attachments, DateTimeReceived, Size, HasAttachments,
/// ExtendedProperty, InternetMessageId, IsRead).
enum ItemWriter {
    static func write(_ item: ItemRecord, mailbox: MailboxRecord, shape: ItemShape, into output: inout XMLOutput) {
        output.element("t:Message") { output in
            if shape.includeMimeContent {
                output.element(
                    "t:MimeContent", [("CharacterSet", "UTF-8")], text: Data(item.mime).base64EncodedString())
            }
            output.empty("t:ItemId", [("Id", item.id), ("ChangeKey", item.changeKey)])
            if shape.includes("item:ParentFolderId"), let folder = mailbox.folders[item.folderKey] {
                output.empty("t:ParentFolderId", [("Id", folder.id), ("ChangeKey", folder.changeKey)])
            }
            if shape.includes("item:ItemClass") { output.element("t:ItemClass", text: item.itemClass) }
            if shape.includes("item:Subject"), let subject = item.subject { output.element("t:Subject", text: subject) }
            if shape.includes("item:Attachments"), !item.attachments.isEmpty {
                output.element("t:Attachments") { output in
                    for attachment in item.attachments {
                        output.element("t:FileAttachment") { output in
                            output.empty("t:AttachmentId", [("Id", attachment.id)])
                            output.element("t:Name", text: attachment.name)
                            output.element("t:ContentType", text: attachment.contentType)
                            output.element("t:Size", text: String(attachment.content.count))
                        }
                    }
                }
            }
            if shape.includes("item:DateTimeReceived") {
                output.element("t:DateTimeReceived", text: dateTime(item.dateTimeReceived))
            }
            if shape.includes("item:Size") { output.element("t:Size", text: String(item.size)) }
            if shape.includes("item:HasAttachments") {
                output.element("t:HasAttachments", text: item.attachments.isEmpty ? "false" : "true")
            }
            if shape.extendedTags.contains("0x300b") {
                output.element("t:ExtendedProperty") { output in
                    output.empty("t:ExtendedFieldURI", [("PropertyTag", "0x300b"), ("PropertyType", "Binary")])
                    output.element("t:Value", text: Data(item.searchKey).base64EncodedString())
                }
            }
            if shape.includes("message:InternetMessageId"), let messageID = item.internetMessageID {
                output.element("t:InternetMessageId", text: messageID)
            }
            if shape.includes("message:IsRead") { output.element("t:IsRead", text: item.isRead ? "true" : "false") }
        }
    }

    /// `xs:dateTime` in UTC, seconds precision, as Exchange writes it: `2024-03-01T09:15:00Z`.
    static func dateTime(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
