/// RFC 5322 §3.4.1 addr-specs as mail and list archives write them.
///
/// Whitespace and comments next to "." and "@" are dropped (the obsolete syntax of §4.4 allows them there). Two
/// words that only whitespace or a comment separates are never glued into one address: list archives (Mailman's
/// pipermail) write "user at example.com", which is read as "user@example.com" when that is a well-formed address;
/// anything else keeps its words as written, one space apart, and is not readable as an address.
extension AddressParser {
    /// An addr-spec, and whether its words could be read as one address.
    struct AddrSpec: Equatable {
        var address: String
        var isReadable: Bool
    }

    /// The addr-spec of a mailbox written without angle brackets (`jdoe@example.com (John Doe)`), nil when it has
    /// no words; comments are left out.
    static func addrSpec(fromTokens tokens: [Token]) -> AddrSpec? {
        var words = SeparatedWords()
        for token in tokens {
            switch token {
            case .atom(let bytes): words.append(contentsOf: bytes)
            case .quoted(let bytes):
                words.append(ASCII.quote)
                words.append(contentsOf: bytes)
                words.append(ASCII.quote)
            case .special(let byte): words.append(byte)
            case .space, .comment: words.separate()
            case .angle: break
            }
        }
        return words.addrSpec()
    }

    /// `<@route,@route:local@domain>` → `local@domain`; whitespace and comments inside are left out.
    static func addrSpec(fromAngle inner: [UInt8]) -> AddrSpec {
        var spec = inner[...]
        if spec.first == ASCII.at, let colon = spec.firstIndex(of: ASCII.colon) {
            spec = spec[(colon + 1)...]
        }
        var words = SeparatedWords()
        var depth = 0
        var inQuote = false
        for byte in spec {
            if byte == ASCII.quote { inQuote.toggle() }
            if !inQuote {
                if byte == ASCII.openParen { depth += 1; words.separate(); continue }
                if byte == ASCII.closeParen, depth > 0 { depth -= 1; continue }
                if depth > 0 { continue }
                if ASCII.isWhitespace(byte) { words.separate(); continue }
            }
            words.append(byte)
        }
        return words.addrSpec() ?? AddrSpec(address: "", isReadable: true)
    }

    /// Separated runs: three, of which the middle is "at", are an archive's "local at domain" when local part and
    /// domain are well-formed; anything else is kept as written.
    private static func read(_ runs: [[UInt8]]) -> AddrSpec {
        if runs.count == 3, ASCII.equalsLowercase(runs[1], "at"), isLocalPart(runs[0]), isDomain(runs[2]) {
            return AddrSpec(address: ASCII.string(runs[0] + [ASCII.at] + runs[2]), isReadable: true)
        }
        return AddrSpec(address: ASCII.string(Array(runs.joined(separator: [ASCII.space]))), isReadable: false)
    }

    /// The words of an addr-spec: bytes in runs that whitespace or a comment separates, except next to a special
    /// ("." and "@", and the ",", ":" and ";" of broken lists), where the separation means nothing.
    private struct SeparatedWords {
        /// The runs before `current`, empty unless the words were separated.
        var earlier: [[UInt8]] = []
        var current: [UInt8] = []
        var separated = false

        mutating func separate() {
            separated = true
        }

        mutating func append(contentsOf bytes: [UInt8]) {
            guard let first = bytes.first else { return }
            if separated { startRunIfSeparated(before: first) }
            current.append(contentsOf: bytes)
        }

        mutating func append(_ byte: UInt8) {
            if separated { startRunIfSeparated(before: byte) }
            current.append(byte)
        }

        private mutating func startRunIfSeparated(before next: UInt8) {
            separated = false
            guard let last = current.last, !isSpecial(last), !isSpecial(next) else { return }
            earlier.append(current)
            current.removeAll()
        }

        /// The addr-spec the words give, nil when there are none.
        func addrSpec() -> AddrSpec? {
            if current.isEmpty { return nil }  // only before the first byte: a new run starts with one
            if earlier.isEmpty { return AddrSpec(address: ASCII.string(current), isReadable: true) }
            return read(earlier + [current])
        }
    }

    private static func isSpecial(_ byte: UInt8) -> Bool {
        byte == ASCII.dot || byte == ASCII.at || byte == ASCII.comma || byte == ASCII.colon || byte == ASCII.semicolon
    }

    /// RFC 5322 §3.4.1 local-part: dot-separated atoms (UTF-8 allowed, RFC 6532) or quoted strings.
    static func isLocalPart(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            if bytes[index] == ASCII.quote {
                guard let close = bytes[(index + 1)...].firstIndex(of: ASCII.quote) else { return false }
                index = close + 1
            } else {
                let start = index
                while index < bytes.count, isAtomText(bytes[index]) { index += 1 }
                guard index > start else { return false }
            }
            if index == bytes.count { return true }
            guard bytes[index] == ASCII.dot else { return false }
            index += 1
        }
        return false  // empty, or ending in "."
    }

    /// A host name with at least one dot (RFC 5321 §4.1.2 labels, UTF-8 allowed as RFC 6531 does).
    static func isDomain(_ bytes: [UInt8]) -> Bool {
        let labels = bytes.split(separator: ASCII.dot, omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            guard let first = label.first, let last = label.last, label.count <= 63,
                  first != ASCII.hyphen, last != ASCII.hyphen else { return false }
            return label.allSatisfy { isLetterOrDigit($0) || $0 == ASCII.hyphen || $0 >= 0x80 }
        }
    }

    /// RFC 5322 §3.2.3 atext, plus the UTF-8 bytes RFC 6532 adds.
    private static func isAtomText(_ byte: UInt8) -> Bool {
        if isLetterOrDigit(byte) || byte >= 0x80 { return true }
        switch byte {
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"),
             UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
             UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
