import Foundation

/// Writes a `t:Message` with the properties of an ``ItemShape``, in the order of `ItemType` then `MessageType` in
/// the schema (MimeContent, ItemId, ParentFolderId, ItemClass, Subject, Sensitivity, Body, Attachments,
/// DateTimeReceived, Size, Categories, Importance, InReplyTo, IsSubmitted, IsDraft, IsFromMe, IsResend,
/// IsUnmodified, DateTimeSent, DateTimeCreated, DisplayCc, DisplayTo, HasAttachments, ExtendedProperty, Culture,
/// LastModifiedTime, IsAssociated, ConversationId, Flag, TextBody; Sender, ToRecipients, CcRecipients,
/// BccRecipients, IsReadReceiptRequested, IsDeliveryReceiptRequested, ConversationIndex, ConversationTopic, From,
/// InternetMessageId, IsRead, References, ReplyTo, ReceivedBy, ReceivedRepresenting). Values come from the MIME
/// as the store read it, and from what UpdateItem changed.
enum ItemWriter {
    static func write(_ item: ItemRecord, mailbox: MailboxRecord, shape: ItemShape, into output: inout XMLOutput) {
        let properties = item.properties
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
            if shape.includes("item:Sensitivity") { output.element("t:Sensitivity", text: "Normal") }
            if shape.includes("item:Body") {
                let body = properties.body(shape.bodyType)
                output.element("t:Body", [("BodyType", body.type), ("IsTruncated", "false")], text: body.text)
            }
            if shape.includes("item:Attachments"), !item.attachments.isEmpty {
                writeAttachments(item, into: &output)
            }
            if shape.includes("item:DateTimeReceived") {
                output.element("t:DateTimeReceived", text: dateTime(item.dateTimeReceived))
            }
            if shape.includes("item:Size") { output.element("t:Size", text: String(item.size)) }
            if shape.includes("item:Categories"), !item.categories.isEmpty {
                output.element("t:Categories") { output in
                    for category in item.categories { output.element("t:String", text: category) }
                }
            }
            if shape.includes("item:Importance") { output.element("t:Importance", text: item.importance) }
            if shape.includes("item:InReplyTo"), let inReplyTo = properties.inReplyTo {
                output.element("t:InReplyTo", text: inReplyTo)
            }
            if shape.includes("item:IsSubmitted") { output.element("t:IsSubmitted", text: "false") }
            if shape.includes("item:IsDraft") { output.element("t:IsDraft", text: bool(item.isDraft)) }
            if shape.includes("item:IsFromMe") {
                let own = properties.from.map { SimulatorStore.mailboxKey($0.address) == SimulatorStore.mailboxKey(
                    mailbox.smtpAddress) } ?? false
                output.element("t:IsFromMe", text: bool(own))
            }
            if shape.includes("item:IsResend") { output.element("t:IsResend", text: "false") }
            if shape.includes("item:IsUnmodified") { output.element("t:IsUnmodified", text: bool(!item.isDraft)) }
            if shape.includes("item:DateTimeSent") {
                output.element("t:DateTimeSent", text: dateTime(properties.dateSent ?? item.dateTimeReceived))
            }
            if shape.includes("item:DateTimeCreated") {
                output.element("t:DateTimeCreated", text: dateTime(item.dateTimeCreated))
            }
            if shape.includes("item:DisplayCc") { output.element("t:DisplayCc", text: display(properties.cc)) }
            if shape.includes("item:DisplayTo") { output.element("t:DisplayTo", text: display(properties.to)) }
            if shape.includes("item:HasAttachments") {
                output.element("t:HasAttachments", text: bool(item.attachments.contains { !$0.isInline }))
            }
            if shape.extendedTags.contains("0x300b") {
                output.element("t:ExtendedProperty") { output in
                    output.empty("t:ExtendedFieldURI", [("PropertyTag", "0x300b"), ("PropertyType", "Binary")])
                    output.element("t:Value", text: Data(item.searchKey).base64EncodedString())
                }
            }
            if shape.includes("item:Culture") { output.element("t:Culture", text: "en-US") }
            if shape.includes("item:LastModifiedTime") {
                output.element("t:LastModifiedTime", text: dateTime(item.lastModified))
            }
            if shape.includes("item:IsAssociated") { output.element("t:IsAssociated", text: "false") }
            if shape.includes("item:ConversationId") {
                output.empty("t:ConversationId", [("Id", properties.conversationID)])
            }
            if shape.includes("item:Flag") {
                output.element("t:Flag") { $0.element("t:FlagStatus", text: item.flagStatus) }
            }
            if shape.includes("item:TextBody") {
                output.element("t:TextBody", [("BodyType", "Text")], text: properties.body("Text").text)
            }
            writeMessageProperties(item, mailbox: mailbox, shape: shape, into: &output)
        }
    }

    private static func writeMessageProperties(
        _ item: ItemRecord, mailbox: MailboxRecord, shape: ItemShape, into output: inout XMLOutput
    ) {
        let properties = item.properties
        if shape.includes("message:Sender"), let sender = properties.sender {
            output.element("t:Sender") { writeMailbox(sender, into: &$0) }
        }
        for (uri, element, list) in [
            ("message:ToRecipients", "t:ToRecipients", properties.to),
            ("message:CcRecipients", "t:CcRecipients", properties.cc),
            ("message:BccRecipients", "t:BccRecipients", properties.bcc),
        ] where shape.includes(uri) && !list.isEmpty {
            output.element(element) { output in
                for address in list { writeMailbox(address, into: &output) }
            }
        }
        if shape.includes("message:IsReadReceiptRequested") { output.element("t:IsReadReceiptRequested", text: "false") }
        if shape.includes("message:IsDeliveryReceiptRequested") {
            output.element("t:IsDeliveryReceiptRequested", text: "false")
        }
        if shape.includes("message:ConversationIndex") {
            let index = properties.conversationIndex(sent: properties.dateSent ?? item.dateTimeReceived)
            output.element("t:ConversationIndex", text: Data(index).base64EncodedString())
        }
        if shape.includes("message:ConversationTopic") {
            output.element("t:ConversationTopic", text: properties.conversationTopic)
        }
        if shape.includes("message:From"), let from = properties.from {
            output.element("t:From") { writeMailbox(from, into: &$0) }
        }
        if shape.includes("message:InternetMessageId"), let messageID = item.internetMessageID {
            output.element("t:InternetMessageId", text: messageID)
        }
        if shape.includes("message:IsRead") { output.element("t:IsRead", text: bool(item.isRead)) }
        if shape.includes("message:References"), let references = properties.references {
            output.element("t:References", text: references)
        }
        if shape.includes("message:ReplyTo"), !properties.replyTo.isEmpty {
            output.element("t:ReplyTo") { output in
                for address in properties.replyTo { writeMailbox(address, into: &output) }
            }
        }
        let owner = MessageProperties.Address(name: nil, address: mailbox.smtpAddress)
        if shape.includes("message:ReceivedBy"), !item.isDraft {
            output.element("t:ReceivedBy") { writeMailbox(owner, into: &$0) }
        }
        if shape.includes("message:ReceivedRepresenting"), !item.isDraft {
            output.element("t:ReceivedRepresenting") { writeMailbox(owner, into: &$0) }
        }
    }

    /// `t:Attachments` of an item: file attachments without their content (GetAttachment serves it).
    static func writeAttachments(_ item: ItemRecord, into output: inout XMLOutput) {
        output.element("t:Attachments") { output in
            for attachment in item.attachments {
                output.element("t:FileAttachment") { output in
                    output.empty("t:AttachmentId", [("Id", attachment.id)])
                    output.element("t:Name", text: attachment.name)
                    output.element("t:ContentType", text: attachment.contentType)
                    if let contentID = attachment.contentID { output.element("t:ContentId", text: contentID) }
                    output.element("t:Size", text: String(attachment.content.count))
                    output.element("t:IsInline", text: bool(attachment.isInline))
                }
            }
        }
    }

    /// `t:Mailbox` of a one-off SMTP address, as Exchange reports senders and recipients from MIME.
    static func writeMailbox(_ address: MessageProperties.Address, into output: inout XMLOutput) {
        output.element("t:Mailbox") { output in
            output.element("t:Name", text: address.name ?? address.address)
            output.element("t:EmailAddress", text: address.address)
            output.element("t:RoutingType", text: "SMTP")
            output.element("t:MailboxType", text: "OneOff")
        }
    }

    private static func display(_ addresses: [MessageProperties.Address]) -> String {
        addresses.map { $0.name ?? $0.address }.joined(separator: "; ")
    }

    private static func bool(_ value: Bool) -> String { value ? "true" : "false" }

    /// `xs:dateTime` in UTC, seconds precision, as Exchange writes it: `2024-03-01T09:15:00Z`.
    static func dateTime(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
