/// RFC 5322 §3.4 address lists, read tolerantly: display names with RFC 2047 words (even inside quotes), groups,
/// comments, obsolete routes, missing commas between angle addresses, and trailing or doubled commas.
public enum AddressParser {
    /// Parses an address header value (unfolded bytes). Never fails; what isn't an address is dropped, and words
    /// that can't be read as one address are kept as written (see ``MailAddress/address``).
    public static func parse(_ bytes: some Collection<UInt8>) -> [MailAddress] {
        var unreadable = false
        return parse(bytes, unreadable: &unreadable)
    }

    /// Parses like ``parse(_:)`` and appends an `invalidAddress` warning naming `field` to `warnings` when a mailbox
    /// of the value had words that could not be read as one address.
    public static func parse(
        _ bytes: some Collection<UInt8>, field: String, warnings: inout [ParseWarning]
    ) -> [MailAddress] {
        var unreadable = false
        let addresses = parse(bytes, unreadable: &unreadable)
        if unreadable { warnings.append(ParseWarning(.invalidAddress, field)) }
        return addresses
    }

    private static func parse(_ bytes: some Collection<UInt8>, unreadable: inout Bool) -> [MailAddress] {
        let tokens = tokenize(Array(bytes))
        var result: [MailAddress] = []
        var current: [Token] = []
        var group: String?
        for token in tokens {
            switch token {
            case .special(ASCII.comma):
                appendMailbox(current, group: group, to: &result, unreadable: &unreadable)
                current.removeAll()
            case .special(ASCII.colon) where group == nil && !current.contains(where: isAngle)
                && !current.contains(.special(ASCII.at)):
                group = phrase(current) ?? ""
                current.removeAll()
            case .special(ASCII.semicolon) where group != nil:
                appendMailbox(current, group: group, to: &result, unreadable: &unreadable)
                current.removeAll()
                group = nil
            case .angle:
                // "A <a@x> B <b@x>" without a comma: the second display name starts a new mailbox.
                if let previous = current.lastIndex(where: isAngle) {
                    appendMailbox(Array(current[...previous]), group: group, to: &result, unreadable: &unreadable)
                    current.removeSubrange(...previous)
                }
                current.append(token)
            default:
                current.append(token)
            }
        }
        appendMailbox(current, group: group, to: &result, unreadable: &unreadable)
        return result
    }

    private static func isAngle(_ token: Token) -> Bool {
        if case .angle = token { return true }
        return false
    }

    private static func appendMailbox(
        _ tokens: [Token], group: String?, to result: inout [MailAddress], unreadable: inout Bool
    ) {
        let meaningful = tokens.filter { $0 != .space }
        guard !meaningful.isEmpty else { return }
        if let angleIndex = tokens.firstIndex(where: isAngle), case .angle(let inner) = tokens[angleIndex] {
            let name = phrase(Array(tokens[..<angleIndex])) ?? phrase(Array(tokens[(angleIndex + 1)...]))
            let spec = addrSpec(fromAngle: inner)
            if !spec.isReadable { unreadable = true }
            result.append(MailAddress(name: name, address: spec.address, group: group))
            return
        }
        var commentName: String?
        for case .comment(let bytes) in tokens where commentName == nil {
            // The old form "jdoe@example.com (John Doe)" names the mailbox in a comment.
            let text = EncodedWord.decodeUnstructured(bytes).trimmingASCIIWhitespace()
            if !text.isEmpty { commentName = text }
        }
        guard let spec = addrSpec(fromTokens: tokens) else { return }
        if !spec.isReadable { unreadable = true }
        result.append(MailAddress(name: commentName, address: spec.address, group: group))
    }

    /// A display name: atoms and quoted strings joined by single spaces, RFC 2047 words decoded.
    static func phrase(_ tokens: [Token]) -> String? {
        var bytes: [UInt8] = []
        var pendingSpace = false
        var hasWords = false
        for token in tokens {
            switch token {
            case .atom(let word), .quoted(let word):
                if pendingSpace, hasWords { bytes.append(ASCII.space) }
                bytes += word
                pendingSpace = false
                hasWords = true
            case .special(let byte):
                bytes.append(byte)
                pendingSpace = false
                hasWords = true
            case .space, .comment:
                pendingSpace = true
            case .angle:
                break
            }
        }
        let text = EncodedWord.decodeUnstructured(bytes).trimmingASCIIWhitespace()
        return text.isEmpty ? nil : text
    }
}
