/// RFC 5322 §3.4 address lists, read tolerantly: display names with RFC 2047 words (even inside quotes), groups,
/// comments, obsolete routes, missing commas between angle addresses, and trailing or doubled commas.
public enum AddressParser {
    /// Parses an address header value (unfolded bytes). Never fails; what isn't an address is dropped.
    public static func parse(_ bytes: some Collection<UInt8>) -> [MailAddress] {
        let tokens = tokenize(Array(bytes))
        var result: [MailAddress] = []
        var current: [Token] = []
        var group: String?
        for token in tokens {
            switch token {
            case .special(ASCII.comma):
                appendMailbox(current, group: group, to: &result)
                current.removeAll()
            case .special(ASCII.colon) where group == nil && !current.contains(where: isAngle)
                && !current.contains(.special(ASCII.at)):
                group = phrase(current) ?? ""
                current.removeAll()
            case .special(ASCII.semicolon) where group != nil:
                appendMailbox(current, group: group, to: &result)
                current.removeAll()
                group = nil
            case .angle:
                // "A <a@x> B <b@x>" without a comma: the second display name starts a new mailbox.
                if let previous = current.lastIndex(where: isAngle) {
                    appendMailbox(Array(current[...previous]), group: group, to: &result)
                    current.removeSubrange(...previous)
                }
                current.append(token)
            default:
                current.append(token)
            }
        }
        appendMailbox(current, group: group, to: &result)
        return result
    }

    private static func isAngle(_ token: Token) -> Bool {
        if case .angle = token { return true }
        return false
    }

    private static func appendMailbox(_ tokens: [Token], group: String?, to result: inout [MailAddress]) {
        let meaningful = tokens.filter { $0 != .space }
        guard !meaningful.isEmpty else { return }
        if let angleIndex = tokens.firstIndex(where: isAngle), case .angle(let inner) = tokens[angleIndex] {
            let name = phrase(Array(tokens[..<angleIndex])) ?? phrase(Array(tokens[(angleIndex + 1)...]))
            result.append(MailAddress(name: name, address: addrSpec(fromAngle: inner), group: group))
            return
        }
        var specBytes: [UInt8] = []
        var commentName: String?
        for token in tokens {
            switch token {
            case .atom(let bytes): specBytes += bytes
            case .quoted(let bytes): specBytes += [ASCII.quote] + bytes + [ASCII.quote]
            case .special(let byte): specBytes.append(byte)
            case .comment(let bytes):
                // The old form "jdoe@example.com (John Doe)" names the mailbox in a comment.
                let text = EncodedWord.decodeUnstructured(bytes).trimmingASCIIWhitespace()
                if commentName == nil, !text.isEmpty { commentName = text }
            case .space, .angle: break
            }
        }
        guard !specBytes.isEmpty else { return }
        result.append(MailAddress(name: commentName, address: ASCII.string(specBytes), group: group))
    }

    /// `<@route,@route:local@domain>` → `local@domain`; whitespace and comments inside are dropped.
    private static func addrSpec(fromAngle inner: [UInt8]) -> String {
        var spec = inner
        if spec.first == ASCII.at, let colon = spec.firstIndex(of: ASCII.colon) {
            spec = Array(spec[(colon + 1)...])
        }
        var cleaned: [UInt8] = []
        var depth = 0
        var inQuote = false
        for byte in spec {
            if byte == ASCII.quote { inQuote.toggle() }
            if !inQuote {
                if byte == ASCII.openParen { depth += 1; continue }
                if byte == ASCII.closeParen, depth > 0 { depth -= 1; continue }
                if depth > 0 || ASCII.isWhitespace(byte) { continue }
            }
            cleaned.append(byte)
        }
        return ASCII.string(cleaned)
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
