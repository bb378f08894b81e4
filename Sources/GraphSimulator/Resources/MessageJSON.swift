import Foundation
import MIME

/// A message as Graph v1.0 returns it (learn.microsoft.com/graph/api/resources/message): the default properties
/// in Graph's order, `internetMessageHeaders` and `uniqueBody` only when selected, `id` and `@odata.etag` always.
enum MessageJSON {
    static let type = "microsoft.graph.message"

    /// Every property `$select` may name; the ones after `flag` come only when selected.
    static let properties: [String] = [
        "createdDateTime", "lastModifiedDateTime", "changeKey", "categories", "receivedDateTime", "sentDateTime",
        "hasAttachments", "internetMessageId", "subject", "bodyPreview", "importance", "parentFolderId",
        "conversationId", "conversationIndex", "isDeliveryReceiptRequested", "isReadReceiptRequested", "isRead",
        "isDraft", "webLink", "inferenceClassification", "body", "sender", "from", "toRecipients", "ccRecipients",
        "bccRecipients", "replyTo", "flag", "internetMessageHeaders", "uniqueBody", "id",
    ]
    private static let selectedOnly: Set<String> = ["internetMessageHeaders", "uniqueBody"]

    /// The property names of `select` as Graph spells them, or the unknown one.
    static func canonical(_ select: [String]) -> Result<[String], GraphError> {
        var names: [String] = []
        for name in select {
            guard let known = properties.first(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) else {
                return .failure(.unknownProperty(name, type: type))
            }
            names.append(known)
        }
        return .success(names)
    }

    /// - Parameters:
    ///   - select: canonical names; nil for the defaults.
    ///   - odataType: whether to write `@odata.type` (collections from delta do).
    static func render(
        _ message: MessageRecord, folderID: String, select: [String]?, context: ResponseContext,
        odataType: Bool
    ) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if odataType { members.append(("@odata.type", .string("#\(type)"))) }
        members.append(("@odata.etag", .string("W/\"\(message.changeKey)\"")))
        let wanted = select.map(Set.init)
        for name in properties where name != "id" {
            if let wanted {
                guard wanted.contains(name) else { continue }
            } else if selectedOnly.contains(name) {
                continue
            }
            members.append((name, value(name, message, folderID: folderID, context: context)))
        }
        members.append(("id", .string(message.id(immutable: context.immutableIDs))))
        return .object(members)
    }

    private static func value(
        _ name: String, _ message: MessageRecord, folderID: String,
        context: ResponseContext
    ) -> JSONValue {
        let content = message.content
        switch name {
        case "createdDateTime": return .string(GraphDate.format(message.createdDateTime))
        case "lastModifiedDateTime": return .string(GraphDate.format(message.lastModifiedDateTime))
        case "changeKey": return .string(message.changeKey)
        case "categories": return .array([])
        case "receivedDateTime": return .string(GraphDate.format(message.receivedDateTime))
        case "sentDateTime": return .string(GraphDate.format(content.sentDateTime ?? message.receivedDateTime))
        case "hasAttachments": return .bool(content.hasAttachments)
        case "internetMessageId": return .optional(content.internetMessageID)
        case "subject": return .string(content.subject ?? "")
        case "bodyPreview": return .string(content.bodyPreview)
        case "importance": return .string(content.importance)
        case "parentFolderId": return .string(folderID)
        case "conversationId": return .string(message.conversationID)
        case "conversationIndex":
            return .string(Data([0x01] + Array(message.conversationID.utf8.prefix(21))).base64EncodedString())
        case "isDeliveryReceiptRequested", "isReadReceiptRequested", "isDraft": return .bool(false)
        case "isRead": return .bool(message.isRead)
        case "webLink":
            let id = message.id(immutable: context.immutableIDs)
            let item = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id
            return .string("https://outlook.office365.com/owa/?ItemID=\(item)&exvsurl=1&viewmodel=ReadMessageItem")
        case "inferenceClassification": return .string("focused")
        case "body", "uniqueBody":
            return .object([("contentType", .string(content.bodyContentType)), ("content", .string(content.body))])
        case "sender": return content.sender.first.map(recipient) ?? .null
        case "from": return content.from.first.map(recipient) ?? .null
        case "toRecipients": return .array(content.to.map(recipient))
        case "ccRecipients": return .array(content.cc.map(recipient))
        case "bccRecipients": return .array(content.bcc.map(recipient))
        case "replyTo": return .array(content.replyTo.map(recipient))
        case "flag": return .object([("flagStatus", .string("notFlagged"))])
        case "internetMessageHeaders":
            return .array(content.headers.map { .object([("name", .string($0.name)), ("value", .string($0.value))]) })
        default: return .null
        }
    }

    static func recipient(_ address: MailAddress) -> JSONValue {
        .object([
            (
                "emailAddress",
                .object([
                    ("name", .string(address.name ?? address.address)), ("address", .string(address.address)),
                ])
            )
        ])
    }
}
