/// One piece of HTML as ``HTMLTextRenderer`` consumes it.
enum HTMLToken: Equatable {
    /// Character data, references not yet decoded, as a range of the tokenizer's bytes.
    case text(Range<Int>)
    /// A start tag with its lower-cased name and the attributes the renderer asked for.
    case startTag(name: String, attributes: [HTMLAttribute])
    /// An end tag with its lower-cased name.
    case endTag(name: String)
}

/// An attribute whose value is still raw bytes; ``HTMLEntities/decodeAttribute(_:_:)`` decodes it.
struct HTMLAttribute: Equatable {
    var name: String
    var value: Range<Int>
}

/// A forgiving, single-pass HTML tokenizer over UTF-8 bytes.
///
/// It follows the shape of the HTML Living Standard's tokenizer (§13.2.5) only as far as plain-text rendering
/// needs: comments, doctypes, CDATA sections and processing instructions vanish, the contents of `script`,
/// `style` and similar raw-text elements are skipped whole, and a `<` that does not open a tag stays text.
/// Every byte is looked at a bounded number of times, so the cost is linear in the input.
struct HTMLTokenizer {
    let bytes: [UInt8]
    private var position = 0
    private let wantedAttributes: Set<String>

    /// Elements whose content is not markup and never shown as text.
    private static let rawTextElements: Set<String> = ["script", "style", "title", "iframe", "noembed", "noframes"]

    init(_ html: String, keeping wantedAttributes: Set<String>) {
        self.bytes = Array(html.utf8)
        self.wantedAttributes = wantedAttributes
    }

    mutating func next() -> HTMLToken? {
        while position < bytes.count {
            if bytes[position] != UInt8(ascii: "<") {
                return .text(scanText())
            }
            if let token = scanMarkup() { return token }
        }
        return nil
    }

    /// Text up to the next `<`.
    private mutating func scanText() -> Range<Int> {
        let start = position
        position += 1
        while position < bytes.count, bytes[position] != UInt8(ascii: "<") {
            position += 1
        }
        return start..<position
    }

    /// Handles the markup at a `<`; returns nil when it produced no token (comments and the like).
    private mutating func scanMarkup() -> HTMLToken? {
        let start = position
        let next = byte(at: start + 1)
        if let next, isASCIILetter(next) {
            return scanStartTag()
        }
        switch next {
        case UInt8(ascii: "/"):
            if let letter = byte(at: start + 2), isASCIILetter(letter) {
                position = start + 2
                let name = scanTagName()
                skipPast(UInt8(ascii: ">"))
                return .endTag(name: name)
            }
            position = start + 2
            skipPast(UInt8(ascii: ">"))
        case UInt8(ascii: "!"):
            skipDeclaration()
        case UInt8(ascii: "?"):
            position = start + 2
            skipPast(UInt8(ascii: ">"))
        default:
            // A `<` that opens nothing is a literal less-than sign.
            position = start + 1
            return .text(start..<start + 1)
        }
        return nil
    }

    /// Comments (conditional ones included), doctypes and CDATA; all are dropped.
    private mutating func skipDeclaration() {
        let start = position
        if matches("<!--", at: start) {
            position = start + 4
            // `<!-->` and `<!--->` are complete, empty comments.
            if byte(at: position) == UInt8(ascii: ">") {
                position += 1
                return
            }
            if matches("->", at: position) {
                position += 2
                return
            }
            skipPast(sequence: Array("-->".utf8))
        } else if matchesIgnoringCase("<![cdata[", at: start) {
            position = start + 9
            skipPast(sequence: Array("]]>".utf8))
        } else {
            // `<!DOCTYPE …>`, and Outlook's downlevel-revealed `<![if !mso]>` / `<![endif]>`.
            position = start + 2
            skipPast(UInt8(ascii: ">"))
        }
    }

    private mutating func scanStartTag() -> HTMLToken? {
        position += 1
        let name = scanTagName()
        var attributes: [HTMLAttribute] = []
        while true {
            skip(while: { isSpace($0) || $0 == UInt8(ascii: "/") })
            guard let current = byte(at: position) else { return nil }
            if current == UInt8(ascii: ">") {
                position += 1
                break
            }
            let nameStart = position
            position += 1
            skip(while: { !isSpace($0) && !"/>=".utf8.contains($0) })
            let nameEnd = position
            skip(while: isSpace)
            var value = position..<position
            if byte(at: position) == UInt8(ascii: "=") {
                position += 1
                skip(while: isSpace)
                guard let valueRange = scanAttributeValue() else { return nil }
                value = valueRange
            }
            if !wantedAttributes.isEmpty {
                let attributeName = lowercasedASCII(nameStart..<nameEnd)
                if wantedAttributes.contains(attributeName) {
                    attributes.append(HTMLAttribute(name: attributeName, value: value))
                }
            }
        }
        if Self.rawTextElements.contains(name) {
            skipRawText(of: name)
            return nil
        }
        return .startTag(name: name, attributes: attributes)
    }

    /// A quoted or unquoted attribute value; nil when a quote runs to the end of the input.
    private mutating func scanAttributeValue() -> Range<Int>? {
        guard let quote = byte(at: position) else { return nil }
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            let start = position + 1
            position = start
            skip(while: { $0 != quote })
            guard position < bytes.count else { return nil }
            position += 1
            return start..<position - 1
        }
        let start = position
        skip(while: { !isSpace($0) && $0 != UInt8(ascii: ">") })
        return start..<position
    }

    /// Skips to just after `</name`…`>`, or to the end when the element is never closed, as browsers do.
    private mutating func skipRawText(of name: String) {
        let closing = Array("</\(name)".utf8)
        while position < bytes.count {
            skip(while: { $0 != UInt8(ascii: "<") })
            guard position < bytes.count else { return }
            if matchesIgnoringCase(closing, at: position) {
                let after = byte(at: position + closing.count)
                if after == nil || isSpace(after ?? 0) || after == UInt8(ascii: ">") || after == UInt8(ascii: "/") {
                    skipPast(UInt8(ascii: ">"))
                    return
                }
            }
            position += 1
        }
    }

    private mutating func scanTagName() -> String {
        let start = position
        skip(while: { !isSpace($0) && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: ">") })
        return lowercasedASCII(start..<position)
    }

    private func lowercasedASCII(_ range: Range<Int>) -> String {
        String(decoding: bytes[range].lazy.map(lowercaseASCII), as: UTF8.self)
    }

    private func byte(at index: Int) -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skip(while predicate: (UInt8) -> Bool) {
        while position < bytes.count, predicate(bytes[position]) {
            position += 1
        }
    }

    private mutating func skipPast(_ terminator: UInt8) {
        skip(while: { $0 != terminator })
        position = min(position + 1, bytes.count)
    }

    private mutating func skipPast(sequence: [UInt8]) {
        while position < bytes.count {
            if matches(sequence, at: position) {
                position += sequence.count
                return
            }
            position += 1
        }
    }

    private func matches(_ literal: String, at index: Int) -> Bool {
        matches(Array(literal.utf8), at: index)
    }

    private func matches(_ sequence: [UInt8], at index: Int) -> Bool {
        guard index + sequence.count <= bytes.count else { return false }
        return bytes[index..<index + sequence.count].elementsEqual(sequence)
    }

    private func matchesIgnoringCase(_ literal: String, at index: Int) -> Bool {
        matchesIgnoringCase(Array(literal.utf8), at: index)
    }

    /// `sequence` must be lower case.
    private func matchesIgnoringCase(_ sequence: [UInt8], at index: Int) -> Bool {
        guard index + sequence.count <= bytes.count else { return false }
        return bytes[index..<index + sequence.count].lazy.map(lowercaseASCII).elementsEqual(sequence)
    }
}

private func isASCIILetter(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
}

private func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
}

private func lowercaseASCII(_ byte: UInt8) -> UInt8 {
    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
}
