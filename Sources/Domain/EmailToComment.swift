import Foundation
import MIME

/// Email → comment (pure): picks the best body part, cleans every text field, splits the newest message from the
/// quoted thread and the signature, and adds identity, thread, language, sender and attachment metadata.
public enum EmailToComment {
    /// Communications Mining's limits: text fields up to 65,536 characters, 128 attachments, names up to 256.
    public static let maximumTextLength = 65_536
    public static let maximumAttachments = 128
    public static let maximumNameLength = 256

    public static func convert(_ raw: [UInt8], metadata: EmailMetadata = EmailMetadata()) -> ConvertedEmail {
        convert(MIMEParser().parse(raw), metadata: metadata)
    }

    public static func convert(_ message: MIMEMessage, metadata: EmailMetadata = EmailMetadata()) -> ConvertedEmail {
        var notes: [String] = []
        let sender = message.from.first
        let body = BodySelection(message)
        var bodyText = TextSanitizer.clean(body.text)
        if body.hadCharsetProblem { notes.append("body charset was wrong or unknown; decoded by fallback") }
        let split = QuoteSplitter.split(bodyText)
        bodyText = split.newest
        let signatureSplit = SignatureSplitter.split(bodyText, senderName: sender?.name)
        bodyText = limited(String(TextLines.trimmed(Substring(signatureSplit.body))), field: "body", notes: &notes)
        let signature = signatureSplit.signature.map { limited($0, field: "signature", notes: &notes) }

        let subject = message.subject.map { limited(TextSanitizer.clean($0), field: "subject", notes: &notes) }
        let sentAt = message.date
        let timestamp = sentAt ?? metadata.receivedAt ?? Self.lastReceivedDate(message) ?? Date(timeIntervalSince1970: 0)
        if sentAt == nil, metadata.receivedAt == nil { notes.append("no usable Date header; timestamp estimated") }

        let clean = { (address: MailAddress) in TextSanitizer.clean(address.address) }
        let commentMessage = CommentMessage(
            from: sender.map(clean),
            to: message.to.map(clean),
            cc: message.cc.map(clean),
            bcc: message.bcc.map(clean),
            sentAt: sentAt,
            language: LanguageDetector.detect(bodyText),
            subject: subject.map(CommentMessage.Text.init),
            body: CommentMessage.Text(bodyText),
            signature: signature.map(CommentMessage.Text.init)
        )

        let id = commentID(message)
        let threadID = ThreadIdentity.threadID(of: message)
        var properties: [String: Comment.PropertyValue] = [:]
        if let messageID = message.headers.first("message-id") {
            properties["string:Message ID"] = .string(TextSanitizer.clean(headerText(messageID)))
        }
        if let sender {
            properties["string:Sender"] = .string(clean(sender))
            if let domain = sender.domain { properties["string:Sender Domain"] = .string(TextSanitizer.clean(domain)) }
        }
        if let threadID { properties["string:Thread"] = .string(threadID) }
        properties["string:Has Signature"] = .string(signature == nil ? "false" : "true")
        if let folder = metadata.folder { properties["string:Folder"] = .string(folder.joined(separator: "/")) }
        if let mailbox = metadata.mailbox { properties["string:Mailbox"] = .string(mailbox) }

        let (attachments, contents) = AttachmentExtraction.extract(message, excluding: body.parts, notes: &notes)
        let comment = Comment(
            id: id, timestamp: timestamp, threadID: threadID, messages: [commentMessage],
            userProperties: properties, attachments: attachments
        )
        return ConvertedEmail(comment: comment, attachmentContents: contents, warnings: message.allWarnings(date: sentAt),
                              conversionWarnings: notes)
    }

    /// Lowercase hex of the Message-ID without angle brackets; without one, the SHA-256 of the raw bytes.
    public static func commentID(_ message: MIMEMessage) -> String {
        if let messageID = message.messageID { return ContentHash.hex(messageID.utf8) }
        return ContentHash.sha256Hex(message.raw)
    }

    private static func headerText(_ field: HeaderField) -> String {
        String(decoding: field.unfoldedBytes, as: UTF8.self)
    }

    private static func limited(_ text: String, field: String, notes: inout [String]) -> String {
        guard !TextLines.characterCount(of: Substring(text), isAtMost: maximumTextLength) else { return text }
        notes.append("\(field) cut to \(maximumTextLength) characters")
        return String(text.prefix(maximumTextLength))
    }

    /// The newest Received header's date ("…; Mon, 6 Jan 2025 10:15:00 +0000"), the time the last server took it.
    static func lastReceivedDate(_ message: MIMEMessage) -> Date? {
        guard let received = message.headers.first("received") else { return nil }
        let text = String(decoding: received.unfoldedBytes, as: UTF8.self)
        guard let semicolon = text.lastIndex(of: ";") else { return nil }
        return DateParser.parse(String(text[text.index(after: semicolon)...]))
    }
}
