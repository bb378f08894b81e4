import Domain
import Foundation

/// The body of `POST /api/v1/sources/<owner>/<source>/sync`: `{"comments": [comment, …]}` in the Communications
/// Mining comment shape, checked field by field.
///
/// Rules beyond the shape: at most 16,384 comments; ids of 1 to 1,024 visible ASCII characters (no spaces, no
/// control characters), unique within the request; text fields (subject, body, signature) of at most 65,536
/// characters, counted as `String.count` counts them (grapheme clusters), which is how `EmailToComment` cuts them;
/// at most 128 attachments with names of at most 256 characters. Keys the server doesn't use (`context`, say) are
/// ignored; JSON `null` in an optional field counts as absent.
public enum CommentSyncRequest {
    public static let maximumComments = 16_384
    /// Comment ids (and thread ids) are at most this many characters.
    public static let maximumIDLength = 1_024

    /// The comments of a sync request, in request order.
    ///
    /// - Throws: `RequestValidationError` naming the first field that breaks a rule, such as
    ///   `comments[3].messages[0].body.text`; a body that is not JSON is blamed on `body`.
    public static func decode(_ body: [UInt8]) throws(RequestValidationError) -> [Comment] {
        let (_, items) = try RequestJSON.topLevel(body, arrayKey: "comments")
        guard items.count <= maximumComments else {
            throw RequestValidationError(
                field: "comments", message: "has \(items.count) comments; at most \(maximumComments) are allowed")
        }
        var comments: [Comment] = []
        comments.reserveCapacity(items.count)
        var firstIndexOfID: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let comment = try self.comment(item, "comments[\(index)]")
            if let first = firstIndexOfID[comment.id] {
                throw RequestValidationError(
                    field: "comments[\(index)].id", message: "repeats the id of comments[\(first)]")
            }
            firstIndexOfID[comment.id] = index
            comments.append(comment)
        }
        return comments
    }

    static func comment(_ value: Any, _ path: String) throws(RequestValidationError) -> Comment {
        let object = try RequestJSON.object(value, path)
        let id = try identifier(object["id"], "\(path).id")
        let timestamp = try timestamp(object["timestamp"], "\(path).timestamp")
        let threadID = try RequestJSON.optionalString(object["thread_id"], "\(path).thread_id")
        if let threadID, threadID.isEmpty || RequestJSON.isLonger(threadID, than: maximumIDLength) {
            throw RequestValidationError(
                field: "\(path).thread_id", message: "must be 1 to \(maximumIDLength) characters long")
        }
        let messageItems = try RequestJSON.array(object["messages"], "\(path).messages")
        guard !messageItems.isEmpty else {
            throw RequestValidationError(field: "\(path).messages", message: "must hold at least one message")
        }
        var messages: [CommentMessage] = []
        for (index, item) in messageItems.enumerated() {
            messages.append(try message(item, "\(path).messages[\(index)]"))
        }
        let textFormat = try RequestJSON.optionalString(object["text_format"], "\(path).text_format") ?? "plain"
        guard textFormat == "plain" || textFormat == "markdown" else {
            throw RequestValidationError(field: "\(path).text_format", message: "must be \"plain\" or \"markdown\"")
        }
        return Comment(
            id: id, timestamp: timestamp, threadID: threadID, messages: messages,
            userProperties: try userProperties(object["user_properties"], "\(path).user_properties"),
            textFormat: textFormat,
            attachments: try attachments(object["attachments"], "\(path).attachments")
        )
    }

    static func message(_ value: Any, _ path: String) throws(RequestValidationError) -> CommentMessage {
        let object = try RequestJSON.object(value, path)
        let sentAt: Date? = RequestJSON.present(object["sent_at"]) == nil
            ? nil : try timestamp(object["sent_at"], "\(path).sent_at")
        let subject = try optionalText(object["subject"], "\(path).subject")
        guard let body = try optionalText(object["body"], "\(path).body") else {
            throw RequestValidationError(field: "\(path).body.text", message: "is required")
        }
        return CommentMessage(
            from: try RequestJSON.optionalString(object["from"], "\(path).from"),
            to: try RequestJSON.strings(object["to"], "\(path).to"),
            cc: try RequestJSON.strings(object["cc"], "\(path).cc"),
            bcc: try RequestJSON.strings(object["bcc"], "\(path).bcc"),
            sentAt: sentAt,
            language: try RequestJSON.optionalString(object["language"], "\(path).language"),
            subject: subject, body: body,
            signature: try optionalText(object["signature"], "\(path).signature")
        )
    }

    /// A `{"text": …}` field: absent or null is nil; present, its text is required and at most 65,536 characters.
    static func optionalText(_ value: Any?, _ path: String) throws(RequestValidationError) -> CommentMessage.Text? {
        guard let object = try RequestJSON.optionalObject(value, path) else { return nil }
        let text = try RequestJSON.string(object["text"], "\(path).text")
        if RequestJSON.isLonger(text, than: EmailToComment.maximumTextLength) {
            throw RequestValidationError(
                field: "\(path).text",
                message: "has \(text.count) characters; at most \(EmailToComment.maximumTextLength) are allowed")
        }
        return CommentMessage.Text(text)
    }

    /// A comment id (also a raw email's `comment_id`): 1 to 1,024 visible ASCII characters.
    ///
    /// Ids end up in URL paths (`/comments/<id>`), query strings and the `<source>.<id>` uid, so spaces, control
    /// characters and non-ASCII text, which would need escaping everywhere, are refused up front.
    static func identifier(_ value: Any?, _ field: String) throws(RequestValidationError) -> String {
        let id = try RequestJSON.string(value, field)
        guard !id.isEmpty else { throw RequestValidationError(field: field, message: "must not be empty") }
        guard id.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw RequestValidationError(
                field: field, message: "may hold only visible ASCII characters (no spaces or control characters)")
        }
        // All ASCII by now, so bytes are characters.
        guard id.utf8.count <= maximumIDLength else {
            throw RequestValidationError(field: field, message: "must be at most \(maximumIDLength) characters long")
        }
        return id
    }

    static func timestamp(_ value: Any?, _ field: String) throws(RequestValidationError) -> Date {
        let text = try RequestJSON.string(value, field)
        guard let date = RequestJSON.timestamp(text) else {
            throw RequestValidationError(
                field: field,
                message: "must be an ISO 8601 date and time with a time zone, like 2025-01-06T10:15:00Z or "
                    + "2025-01-06T10:15:00.250+01:00")
        }
        return date
    }

    /// `user_properties`: keys `string:Name` with string values and `number:Name` with number values.
    ///
    /// Keys are checked in sorted order, so the same bad body always gets the same answer.
    static func userProperties(_ value: Any?, _ path: String) throws(RequestValidationError)
        -> [String: Comment.PropertyValue] {
        guard let object = try RequestJSON.optionalObject(value, path) else { return [:] }
        var properties: [String: Comment.PropertyValue] = [:]
        for key in object.keys.sorted() {
            let field = "\(path).\(key)"
            let raw = object[key] as Any
            if key.hasPrefix("string:") {
                guard key.count > "string:".count else {
                    throw RequestValidationError(field: field, message: "needs a name after \"string:\"")
                }
                guard let text = raw as? String else {
                    throw RequestValidationError(
                        field: field, message: "must be a string (the key starts with string:)")
                }
                properties[key] = .string(text)
            } else if key.hasPrefix("number:") {
                guard key.count > "number:".count else {
                    throw RequestValidationError(field: field, message: "needs a name after \"number:\"")
                }
                guard let number = RequestJSON.number(raw) else {
                    throw RequestValidationError(
                        field: field, message: "must be a number (the key starts with number:)")
                }
                properties[key] = .number(number.doubleValue)
            } else {
                throw RequestValidationError(
                    field: field, message: "user property names must start with \"string:\" or \"number:\"")
            }
        }
        return properties
    }

    /// Attachment metadata: `{name, size, content_type, content_hash?, inline?, attachment_reference?}`, at most 128.
    static func attachments(_ value: Any?, _ path: String) throws(RequestValidationError) -> [CommentAttachment] {
        guard let items = try RequestJSON.optionalArray(value, path) else { return [] }
        guard items.count <= EmailToComment.maximumAttachments else {
            throw RequestValidationError(
                field: path,
                message: "has \(items.count) attachments; at most \(EmailToComment.maximumAttachments) are allowed")
        }
        var attachments: [CommentAttachment] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            let object = try RequestJSON.object(item, itemPath)
            let name = try RequestJSON.string(object["name"], "\(itemPath).name")
            if RequestJSON.isLonger(name, than: EmailToComment.maximumNameLength) {
                throw RequestValidationError(
                    field: "\(itemPath).name",
                    message: "has \(name.count) characters; at most \(EmailToComment.maximumNameLength) are allowed")
            }
            guard let rawSize = RequestJSON.present(object["size"]) else {
                throw RequestValidationError(field: "\(itemPath).size", message: "is required")
            }
            guard let number = RequestJSON.number(rawSize), let size = number as? Int, size >= 0 else {
                throw RequestValidationError(field: "\(itemPath).size", message: "must be a non-negative integer")
            }
            attachments.append(CommentAttachment(
                name: name, size: size,
                contentType: try RequestJSON.string(object["content_type"], "\(itemPath).content_type"),
                contentHash: try RequestJSON.optionalString(object["content_hash"], "\(itemPath).content_hash"),
                inline: try RequestJSON.optionalBool(object["inline"], "\(itemPath).inline"),
                attachmentReference: try RequestJSON.optionalString(
                    object["attachment_reference"], "\(itemPath).attachment_reference")
            ))
        }
        return attachments
    }
}
