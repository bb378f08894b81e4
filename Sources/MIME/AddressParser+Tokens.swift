/// RFC 5322 §3.2 lexical tokens of an address list. One scanner says where each token lies, so the tokenizer and
/// the cheap check for words that are no address (``mayHaveSeparatedWords(_:)``) read a value the same way.
extension AddressParser {
    enum Token: Equatable {
        case atom([UInt8])
        case quoted([UInt8])
        case comment([UInt8])
        case angle([UInt8])
        case special(UInt8)
        case space
    }

    /// Where one token lies: `content` is its text without the quotes, parentheses or angle brackets (escapes
    /// still in), `next` the index after it.
    struct Lexeme {
        enum Kind { case atom, quoted, comment, angle, special, space }
        var kind: Kind
        var content: Range<Int>
        var next: Int
    }

    static func tokenize(_ array: [UInt8]) -> [Token] {
        let bytes = array[...]
        var tokens: [Token] = []
        var words = EncodedWord.Finder(bytes)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lexeme = lexeme(in: bytes, at: index, words: &words)
            switch lexeme.kind {
            case .space: tokens.append(.space)
            case .quoted: tokens.append(.quoted(unescaped(bytes, lexeme.content)))
            case .comment: tokens.append(.comment(unescaped(bytes, lexeme.content)))
            case .angle: tokens.append(.angle(Array(bytes[lexeme.content])))
            case .special: tokens.append(.special(bytes[index]))
            case .atom: tokens.append(.atom(Array(bytes[lexeme.content])))
            }
            index = lexeme.next
        }
        return tokens
    }

    /// The token starting at `start` (< bytes.endIndex). Whitespace runs are one token; an unclosed quoted string,
    /// comment or angle address runs to the end. `words` finds the encoded-words (of these bytes) inside atoms.
    static func lexeme(in bytes: ArraySlice<UInt8>, at start: Int, words: inout EncodedWord.Finder) -> Lexeme {
        let end = bytes.endIndex
        var index = start + 1
        switch bytes[start] {
        case ASCII.space, ASCII.tab, ASCII.cr, ASCII.lf:
            while index < end, ASCII.isWhitespace(bytes[index]) { index += 1 }
            return Lexeme(kind: .space, content: start..<index, next: index)
        case ASCII.quote:
            while index < end, bytes[index] != ASCII.quote {
                index += bytes[index] == ASCII.backslash && index + 1 < end ? 2 : 1
            }
            return Lexeme(kind: .quoted, content: (start + 1)..<index, next: min(index + 1, end))
        case ASCII.openParen:
            var depth = 1
            while index < end {
                let byte = bytes[index]
                if byte == ASCII.backslash, index + 1 < end { index += 2; continue }
                if byte == ASCII.openParen { depth += 1 }
                if byte == ASCII.closeParen {
                    depth -= 1
                    if depth == 0 { break }
                }
                index += 1
            }
            return Lexeme(kind: .comment, content: (start + 1)..<index, next: min(index + 1, end))
        case ASCII.lessThan:
            while index < end, bytes[index] != ASCII.greaterThan { index += 1 }
            return Lexeme(kind: .angle, content: (start + 1)..<index, next: min(index + 1, end))
        case ASCII.comma, ASCII.colon, ASCII.semicolon, ASCII.at, ASCII.dot:
            return Lexeme(kind: .special, content: start..<index, next: index)
        default:
            index = start
            while index < end {
                // An encoded-word stays whole: RFC 2047 §5(3) keeps delimiters out of one in a phrase, but mailers
                // put commas and colons there, and Python's email package reads such words whole too.
                if bytes[index] == ASCII.equals, index + 1 < end, bytes[index + 1] == ASCII.question,
                   let wordEnd = words.end(at: index) {
                    index = wordEnd
                    continue
                }
                if isDelimiter(bytes[index]) { break }
                index += 1
            }
            return Lexeme(kind: .atom, content: start..<index, next: index)
        }
    }

    /// A quoted string's or comment's text with its backslash escapes (RFC 5322 §3.2.1 quoted-pair) undone.
    private static func unescaped(_ bytes: ArraySlice<UInt8>, _ range: Range<Int>) -> [UInt8] {
        guard bytes[range].contains(ASCII.backslash) else { return Array(bytes[range]) }
        var value: [UInt8] = []
        value.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            if bytes[index] == ASCII.backslash, index + 1 < range.upperBound { index += 1 }
            value.append(bytes[index])
            index += 1
        }
        return value
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case ASCII.space, ASCII.tab, ASCII.cr, ASCII.lf, ASCII.quote, ASCII.openParen, ASCII.lessThan,
             ASCII.comma, ASCII.colon, ASCII.semicolon, ASCII.at:
            return true
        default:
            return false
        }
    }

    /// Whether a mailbox of the value may hold words that only whitespace or a comment separates, the one thing
    /// that makes ``parse(_:field:warnings:)`` warn: two words in a mailbox without angle brackets, or whitespace or
    /// a comment inside angle brackets. Never false when parsing would warn (the lists are cut at every ",", ":"
    /// and ";", finer than the parser does); reads the value once without allocating, so the message's warnings
    /// parse only the rare field it flags.
    static func mayHaveSeparatedWords(_ bytes: ArraySlice<UInt8>) -> Bool {
        var hasAngle = false, hasSeparatedWords = false  // in the piece since the last ",", ":" or ";"
        var afterWord = false, separated = false
        var words = EncodedWord.Finder(bytes)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lexeme = lexeme(in: bytes, at: index, words: &words)
            switch lexeme.kind {
            case .space, .comment:
                separated = afterWord
            case .atom, .quoted:
                if separated { hasSeparatedWords = true }
                afterWord = true
                separated = false
            case .angle:
                if bytes[lexeme.content].contains(where: { ASCII.isWhitespace($0) || $0 == ASCII.openParen }) {
                    return true
                }
                hasAngle = true
                afterWord = false
                separated = false
            case .special:
                let byte = bytes[index]
                if byte == ASCII.comma || byte == ASCII.colon || byte == ASCII.semicolon {
                    if hasSeparatedWords, !hasAngle { return true }
                    hasAngle = false
                    hasSeparatedWords = false
                }
                afterWord = false
                separated = false
            }
            index = lexeme.next
        }
        return hasSeparatedWords && !hasAngle
    }
}
