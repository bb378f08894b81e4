import Foundation
import MIME

/// The part (or parts) that hold the readable body of an email, and their text.
///
/// text/plain is preferred; HTML is turned into text when there is no plain alternative. Only the top-level tree is
/// searched: an attached message's body is not this email's body.
struct BodySelection {
    var parts: [MIMEPart] = []
    var text = ""
    var hadCharsetProblem = false

    init(_ message: MIMEMessage) {
        var plain: MIMEPart?
        var html: MIMEPart?
        Self.find(in: message.root, plain: &plain, html: &html)
        if let plain {
            parts = [plain]
            let decoded = plain.decodedText()
            text = decoded.text
            hadCharsetProblem = decoded.outcome != .declared
            if let html, Self.isPlaceholder(text) {
                // "This message requires an HTML viewer": the HTML alternative holds the real text.
                parts = [html]
                let decodedHTML = html.decodedText()
                text = HTMLText.render(decodedHTML.text)
                hadCharsetProblem = decodedHTML.outcome != .declared
            } else if let html {
                parts.append(html)
            }
        } else if let html {
            parts = [html]
            let decoded = html.decodedText()
            text = HTMLText.render(decoded.text)
            hadCharsetProblem = decoded.outcome != .declared
        }
    }

    /// Depth-first: the first inline text/plain and text/html parts, not looking inside embedded messages.
    private static func find(in part: MIMEPart, plain: inout MIMEPart?, html: inout MIMEPart?) {
        if part.contentType.isMultipart {
            for child in part.children {
                find(in: child, plain: &plain, html: &html)
                if plain != nil, html != nil { return }
                // In multipart/mixed, later text parts are attachments or footers, not alternatives of the body.
                if part.contentType.subtype == "mixed", plain != nil || html != nil { return }
            }
            return
        }
        guard part.contentType.isText, part.disposition?.isAttachment != true, part.filename == nil else { return }
        switch part.contentType.subtype {
        case "plain" where plain == nil: plain = part
        case "html" where html == nil: html = part
        default: break
        }
    }

    static func isPlaceholder(_ text: String) -> Bool {
        // Nearly every body has a visible ASCII character before any non-ASCII one: that settles it without
        // Foundation's trimming, which copies the text.
        for byte in text.utf8 {
            if byte >= 0x80 { break }
            if !isASCIIWhitespaceOrNewline(byte) { return false }
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty
    }

    /// Membership in `CharacterSet.whitespacesAndNewlines` for ASCII: tab, LF, VT, FF, CR and space.
    static func isASCIIWhitespaceOrNewline(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }
}
