import Foundation
import MIME

/// What Graph shows of a message, read once from its MIME when it is delivered: addresses, subject, the body Outlook
/// would display (HTML when there is an HTML part, else text), and the attachments (a message/rfc822 part becomes an
/// itemAttachment, any other attachment a fileAttachment).
struct MessageContent: Sendable {
    struct Attachment: Sendable {
        enum Kind: Sendable {
            case file
            /// An attached email; `content` is its MIME.
            case item(subject: String)
        }

        var kind: Kind
        var name: String
        var contentType: String
        var isInline: Bool
        var contentID: String?
        var content: [UInt8]
    }

    var subject: String?
    var from: [MailAddress]
    var sender: [MailAddress]
    var to: [MailAddress]
    var cc: [MailAddress]
    var bcc: [MailAddress]
    var replyTo: [MailAddress]
    var sentDateTime: Date?
    /// Message-ID with its angle brackets, as Graph's `internetMessageId` shows it.
    var internetMessageID: String?
    var bodyContentType: String
    var body: String
    var bodyPreview: String
    var importance: String
    var headers: [(name: String, value: String)]
    var attachments: [Attachment]

    /// Graph's `hasAttachments`: true for attachments other than inline ones.
    var hasAttachments: Bool { attachments.contains { !$0.isInline } }

    init(mime: [UInt8]) {
        let message = MIMEMessage(parsing: mime)
        subject = message.subject
        from = message.from
        sender = message.sender.isEmpty ? message.from : message.sender
        to = message.to
        cc = message.cc
        bcc = message.bcc
        replyTo = message.replyTo
        sentDateTime = message.date
        internetMessageID = message.messageID.map { "<\($0)>" }
        headers = message.headers.map { ($0.name, $0.text) }
        var html: String?
        var text: String?
        var attachments: [Attachment] = []
        Self.collect(message.root, isRoot: true, html: &html, text: &text, attachments: &attachments)
        self.attachments = attachments
        if let html {
            bodyContentType = "html"
            body = html
        } else {
            bodyContentType = "text"
            body = text ?? ""
        }
        bodyPreview = Self.preview(text ?? Self.stripTags(html ?? ""))
        switch message.headers["importance"]?.lowercased() ?? message.headers["x-priority"]?.prefix(1).lowercased() {
        case "high", "1", "2": importance = "high"
        case "low", "4", "5": importance = "low"
        default: importance = "normal"
        }
    }

    /// Walks the part tree without entering attached emails, which are attachments of their own.
    private static func collect(
        _ part: MIMEPart, isRoot: Bool, html: inout String?, text: inout String?,
        attachments: inout [Attachment]
    ) {
        if !isRoot, part.contentType.isEmbeddedMessage {
            let embedded = MIMEMessage(parsing: part.decodedBody())
            let subject = embedded.subject ?? ""
            attachments.append(
                Attachment(
                    kind: .item(subject: subject), name: part.filename ?? subject,
                    contentType: "message/rfc822", isInline: false, contentID: part.contentID,
                    content: part.decodedBody()))
            return
        }
        if part.contentType.isMultipart {
            for child in part.children {
                collect(child, isRoot: false, html: &html, text: &text, attachments: &attachments)
            }
            return
        }
        let isBodyText = part.contentType.isText && (part.disposition?.isAttachment != true) && part.filename == nil
        if isBodyText, part.contentType.subtype == "html", html == nil {
            html = part.decodedText().text
        } else if isBodyText, part.contentType.subtype == "plain", text == nil {
            text = part.decodedText().text
        } else if !isBodyText || (html != nil && text != nil) {
            let name = part.filename ?? "attachment"
            attachments.append(
                Attachment(
                    kind: .file, name: name, contentType: part.contentType.mimeType,
                    isInline: part.disposition?.isInline == true && part.contentID != nil,
                    contentID: part.contentID, content: part.decodedBody()))
        }
    }

    /// The first 255 characters of the text, runs of white space made one space, as Outlook's preview.
    static func preview(_ text: String) -> String {
        let collapsed = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return String(collapsed.prefix(255))
    }

    private static func stripTags(_ html: String) -> String {
        var out = ""
        var inTag = false
        for character in html {
            if character == "<" {
                inTag = true
            } else if character == ">" {
                inTag = false
            } else if !inTag {
                out.append(character)
            }
        }
        return out
    }
}
