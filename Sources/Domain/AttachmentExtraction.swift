import Foundation
import MIME

/// Finds an email's attachments: parts meant to be saved rather than read, and attached messages (as .eml).
enum AttachmentExtraction {
    static func extract(_ message: MIMEMessage, excluding bodyParts: [MIMEPart], notes: inout [String])
        -> ([CommentAttachment], [[UInt8]]) {
        var attachments: [CommentAttachment] = []
        var contents: [[UInt8]] = []
        var candidates: [MIMEPart] = []
        collect(message.root, isRoot: true, excluding: bodyParts, into: &candidates)
        for part in candidates {
            if attachments.count == EmailToComment.maximumAttachments {
                notes.append("more than \(EmailToComment.maximumAttachments) attachments; the rest are not listed")
                break
            }
            let content = part.contentType.isEmbeddedMessage ? embeddedBytes(part) : part.decodedBody()
            var name = TextSanitizer.clean(part.filename ?? defaultName(for: part, index: attachments.count))
            if name.count > EmailToComment.maximumNameLength {
                name = String(name.prefix(EmailToComment.maximumNameLength))
            }
            let inline = part.disposition?.isInline ?? (part.contentID != nil)
            attachments.append(CommentAttachment(
                name: name, size: content.count, contentType: part.contentType.mimeType,
                contentHash: ContentHash.sha256Hex(content), inline: inline
            ))
            contents.append(content)
        }
        return (attachments, contents)
    }

    private static func embeddedBytes(_ part: MIMEPart) -> [UInt8] {
        let encoding = part.transferEncoding
        return encoding == .base64 || encoding == .quotedPrintable ? part.decodedBody() : Array(part.body)
    }

    private static func collect(_ part: MIMEPart, isRoot: Bool, excluding bodyParts: [MIMEPart],
                                into candidates: inout [MIMEPart]) {
        if part.contentType.isEmbeddedMessage, !isRoot {
            candidates.append(part)
            return
        }
        if part.contentType.isMultipart, !part.children.isEmpty {
            for child in part.children { collect(child, isRoot: false, excluding: bodyParts, into: &candidates) }
            return
        }
        if part.contentType.isEmbeddedMessage { return }
        if bodyParts.contains(where: { $0 === part }) { return }
        if isRoot, part.contentType.isText, part.filename == nil { return }
        if part.isAttachmentLike || (part.contentType.isText && part.contentType.subtype != "plain"
            && part.contentType.subtype != "html") {
            candidates.append(part)
        }
    }

    private static func defaultName(for part: MIMEPart, index: Int) -> String {
        if part.contentType.isEmbeddedMessage {
            let subject = part.children.first?.headers["subject"]?.trimmingCharacters(in: .whitespaces) ?? ""
            return (subject.isEmpty ? "message" : subject) + ".eml"
        }
        let ext = extensions[part.contentType.mimeType] ?? "bin"
        return "attachment-\(index + 1).\(ext)"
    }

    private static let extensions: [String: String] = [
        "application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif",
        "text/calendar": "ics", "text/csv": "csv", "application/zip": "zip", "text/plain": "txt",
        "text/html": "html", "application/ms-tnef": "dat", "image/bmp": "bmp", "image/tiff": "tif",
    ]
}
