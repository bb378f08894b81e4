import MIME

/// Which conversation an email belongs to.
///
/// The thread is named after its first message: the first id in References, else In-Reply-To, else the email's own
/// Message-ID (a message that cites nothing starts a thread). So a thread id is the comment id of the thread's root.
/// Without any Message-ID, Outlook's Thread-Index (its first 22 bytes name the conversation) is used, and last the
/// subject without reply and forward prefixes.
public enum ThreadIdentity {
    public static func threadID(of message: MIMEMessage) -> String? {
        if let root = message.firstReference ?? message.firstInReplyTo ?? message.messageID {
            return ContentHash.hex(root.utf8)
        }
        if let index = message.headers.first("thread-index") {
            let decoded = Base64.decode(index.unfoldedBytes).bytes
            if decoded.count >= 22 { return "ti-" + ContentHash.hex(decoded.prefix(22)) }
        }
        guard let subject = message.subject.map(normalizedSubject), !subject.isEmpty else { return nil }
        return "subject-" + ContentHash.sha256Hex(subject.utf8).prefix(32)
    }

    /// The subject without "Re:", "Fwd:" and their localized forms (also "RE[2]:" and "[list]" tags), with
    /// whitespace collapsed, lowercased.
    public static func normalizedSubject(_ subject: String) -> String {
        var text = Substring(subject.lowercased())
        var changed = true
        while changed {
            changed = false
            text = text.drop(while: { $0.isWhitespace })
            if text.hasPrefix("["), let close = text.firstIndex(of: "]"), text.distance(from: text.startIndex,
                                                                                     to: close) < 40 {
                text = text[text.index(after: close)...]
                changed = true
                continue
            }
            for prefix in replyPrefixes where text.hasPrefix(prefix) {
                var rest = text.dropFirst(prefix.count)
                if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {  // "re[2]:"
                    rest = rest[rest.index(after: close)...]
                }
                rest = rest.drop(while: { $0 == " " })
                if rest.hasPrefix(":") || rest.hasPrefix("：") {
                    text = rest.dropFirst()
                    changed = true
                    break
                }
            }
        }
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    private static let replyPrefixes = [
        "re", "fw", "fwd", "aw", "wg", "sv", "vs", "tr", "rv", "ref", "antw", "doorst", "odp", "pd", "vb", "ynt",
        "rif", "enc", "res", "fs", "vl", "vá", "回复", "转发", "答复", "返信", "転送",
    ]
}
