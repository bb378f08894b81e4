import Crypto
import Foundation
import MIME

/// What Exchange's store derives from a message's MIME when it is delivered: the properties GetItem and FindItem
/// report (Sender, From, recipients, DateTimeSent, Body, ConversationId, …). Read once, when the item is stored.
struct MessageProperties: Sendable {
    struct Address: Sendable, Hashable {
        var name: String?
        var address: String
    }

    /// A body part ready for `t:Body`: `HTML` or `Text`.
    struct Body: Sendable {
        var type: String
        var text: String
    }

    /// A leaf part Exchange lists under `t:Attachments`.
    struct Attachment: Sendable {
        var name: String
        var contentType: String
        var content: [UInt8]
        var contentID: String?
        var isInline: Bool
    }

    var subject: String?
    var from: Address?
    var sender: Address?
    var to: [Address] = []
    var cc: [Address] = []
    var bcc: [Address] = []
    var replyTo: [Address] = []
    var dateSent: Date?
    /// As written, angle brackets included, as Exchange reports InternetMessageId.
    var internetMessageID: String?
    var inReplyTo: String?
    var references: String?
    /// `Normal`, `High` or `Low`, from Importance, Priority or X-Priority.
    var importance = "Normal"
    var htmlBody: String?
    var textBody: String?
    var attachments: [Attachment] = []
    /// The thread's first message id: what ConversationId and ConversationIndex are derived from.
    var threadRoot: String
    /// How many messages precede this one in its thread (References), for ConversationIndex.
    var threadDepth: Int

    init(mime: [UInt8]) {
        let message = MIMEMessage(parsing: mime)
        subject = message.subject
        from = message.from.first.map(Self.address)
        sender = (message.sender.first ?? message.from.first).map(Self.address)
        to = message.to.map(Self.address)
        cc = message.cc.map(Self.address)
        bcc = message.bcc.map(Self.address)
        replyTo = message.replyTo.map(Self.address)
        dateSent = message.date
        internetMessageID = message.headers.first("message-id").map { String(decoding: $0.unfoldedBytes, as: UTF8.self) }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        inReplyTo = message.headers["in-reply-to"]?.trimmingCharacters(in: .whitespaces)
        references = message.headers["references"]?.trimmingCharacters(in: .whitespaces)
        importance = Self.importance(message.headers)
        let references = message.references
        threadRoot = references.first ?? message.firstInReplyTo ?? message.messageID ?? Self.topic(subject ?? "")
        threadDepth = references.isEmpty ? (message.firstInReplyTo == nil ? 0 : 1) : references.count
        collect(message.root)
    }

    /// The body Exchange returns for `BodyType` Best (HTML when the message has it) or the one asked for.
    func body(_ requested: String = "Best") -> Body {
        switch requested {
        case "Text": return Body(type: "Text", text: textBody ?? htmlBody.map(Self.plainText) ?? "")
        case "HTML": return Body(type: "HTML", text: htmlBody ?? Self.html(textBody ?? ""))
        default:
            if let htmlBody { return Body(type: "HTML", text: htmlBody) }
            return Body(type: "Text", text: textBody ?? "")
        }
    }

    /// ConversationTopic: the subject without reply and forward prefixes.
    var conversationTopic: String { Self.topic(subject ?? "") }

    /// ConversationId: the same for every message of a thread (base64 of a hash of the thread's first id).
    var conversationID: String {
        let digest = SHA256.hash(data: Data(threadRoot.utf8))
        return Data([0x00, 0x03, 0x35, 0x00, 0x10] + Array(digest.prefix(16))).base64EncodedString()
    }

    /// ConversationIndex as Outlook builds it: a 22-byte header (reserved byte, FILETIME, thread GUID) and five
    /// bytes per reply.
    func conversationIndex(sent: Date) -> [UInt8] {
        let digest = Array(SHA256.hash(data: Data(threadRoot.utf8)))
        let fileTime = UInt64(max(sent.timeIntervalSince1970 + 11_644_473_600, 0) * 10_000_000)
        var bytes: [UInt8] = [0x01]
        withUnsafeBytes(of: fileTime.bigEndian) { bytes += $0.prefix(5) }
        bytes += digest.prefix(16)
        for depth in 0..<min(threadDepth, 50) { bytes += [0x00, 0x00, 0x00, 0x01, UInt8(truncatingIfNeeded: depth)] }
        return bytes
    }

    private mutating func collect(_ part: MIMEPart) {
        if part.contentType.isEmbeddedMessage || (!part.contentType.isMultipart && part.isLeaf) {
            let disposition = part.disposition
            let isBodyText = part.contentType.isText && disposition?.isAttachment != true && part.filename == nil
                && (part.contentType.subtype == "plain" || part.contentType.subtype == "html")
            if isBodyText {
                let text = part.decodedText().text
                if part.contentType.subtype == "html" {
                    if htmlBody == nil { htmlBody = text }
                } else if textBody == nil {
                    textBody = text
                }
                return
            }
            let content = part.contentType.isEmbeddedMessage ? Array(part.body) : part.decodedBody()
            let fallback = part.contentType.isEmbeddedMessage ? "message.eml" : "attachment-\(attachments.count + 1)"
            attachments.append(
                Attachment(
                    name: part.filename ?? fallback, contentType: part.contentType.mimeType, content: content,
                    contentID: part.contentID,
                    isInline: disposition?.isInline == true || (disposition == nil && part.contentID != nil)
                ))
            return
        }
        for child in part.children { collect(child) }
    }

    private static func address(_ address: MailAddress) -> Address {
        Address(name: address.name.flatMap { $0.isEmpty ? nil : $0 }, address: address.address)
    }

    private static func importance(_ headers: HeaderFields) -> String {
        if let value = headers["importance"]?.lowercased() {
            if value.contains("high") { return "High" }
            if value.contains("low") { return "Low" }
        }
        if let priority = headers["x-priority"]?.trimmingCharacters(in: .whitespaces).first {
            if priority == "1" || priority == "2" { return "High" }
            if priority == "4" || priority == "5" { return "Low" }
        }
        return "Normal"
    }

    static func topic(_ subject: String) -> String {
        var topic = subject.trimmingCharacters(in: .whitespaces)
        let prefixes = ["re:", "fw:", "fwd:", "aw:", "wg:", "sv:", "vs:"]
        while let prefix = prefixes.first(where: { topic.lowercased().hasPrefix($0) }) {
            topic = String(topic.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
        }
        return topic
    }

    /// The text of an HTML body without its markup (for `BodyType` Text of an HTML-only message).
    static func plainText(_ html: String) -> String {
        var text = ""
        var inTag = false
        for character in html {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag {
                text.append(character)
            }
        }
        return text.replacingOccurrences(of: "&nbsp;", with: " ").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// A text body as Exchange converts it for `BodyType` HTML.
    static func html(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        return "<html><body><pre>\(escaped)</pre></body></html>"
    }
}
