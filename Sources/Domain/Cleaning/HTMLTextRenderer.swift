/// Walks ``HTMLTokenizer`` tokens and writes what a reader would see into a ``PlainTextWriter``.
struct HTMLTextRenderer {
    private var tokenizer: HTMLTokenizer
    private let bytes: [UInt8]
    private var writer: PlainTextWriter
    private var inHead = false
    private var preDepth = 0
    private var dropNewlineInPre = false
    /// Outlook's `p.MsoNormal` has no margins, so its paragraphs are lines; remembered for the end tag.
    private var paragraphBreak = 2
    private var lists: [ListState] = []
    private var link: (href: String, start: Int)?
    /// The element hidden with `display:none` and how deep inside same-named elements we are.
    private var hidden: (name: String, depth: Int)?

    private struct ListState {
        var ordered: Bool
        var next: Int
    }

    init(_ html: String) {
        tokenizer = HTMLTokenizer(html, keeping: ["href", "alt", "class", "start", "style"])
        bytes = tokenizer.bytes
        writer = PlainTextWriter(capacity: bytes.count / 2)
    }

    mutating func render() -> String {
        while let token = tokenizer.next() {
            switch token {
            case .text(let range):
                text(range)
            case .startTag(let name, let attributes):
                startTag(name, attributes)
            case .endTag(let name):
                endTag(name)
            }
        }
        closeLink()
        return writer.finish()
    }

    // MARK: Elements

    private mutating func startTag(_ name: String, _ attributes: [HTMLAttribute]) {
        if let hidden {
            if name == hidden.name { self.hidden?.depth += 1 }
            return
        }
        if inHead {
            guard name == "body" || !(Self.headElements.contains(name) || name.contains(":")) else { return }
            inHead = false
        }
        if isHidden(attributes) {
            if !Self.voidElements.contains(name) { hidden = (name, 1) }
            return
        }
        switch name {
        case "head":
            inHead = true
        case "br":
            writer.lineBreak()
        case "p":
            let isOutlookLine = attribute("class", in: attributes)?.lowercased().contains("mso") ?? false
            paragraphBreak = isOutlookLine ? 1 : 2
            writer.blockBreak(paragraphBreak)
        case "pre":
            writer.blockBreak(2)
            preDepth += 1
            dropNewlineInPre = true
        case "ul", "ol":
            writer.blockBreak(lists.isEmpty ? 2 : 1)
            let start = attribute("start", in: attributes).flatMap { Int(TextLines.trimmed(Substring($0))) }
            lists.append(ListState(ordered: name == "ol", next: start ?? 1))
        case "li":
            writer.listItem(prefix: listItemPrefix())
        case "td", "th":
            writer.cellBoundary()
        case "a":
            closeLink()
            if let href = attribute("href", in: attributes) { link = (href, writer.count) }
        case "img":
            let alt = attribute("alt", in: attributes).map { TextLines.trimmed(Substring($0)) } ?? ""
            if !alt.isEmpty { writer.append("[\(alt)]") }
        default:
            if let newlines = Self.blockBreaks[name] { writer.blockBreak(newlines) }
        }
    }

    private mutating func endTag(_ name: String) {
        if let hidden {
            if name == hidden.name {
                self.hidden = hidden.depth > 1 ? (hidden.name, hidden.depth - 1) : nil
            }
            return
        }
        if name == "head" {
            inHead = false
            return
        }
        if inHead { return }
        switch name {
        case "br":
            writer.lineBreak()
        case "p":
            writer.blockBreak(paragraphBreak)
        case "pre":
            preDepth = max(0, preDepth - 1)
            writer.blockBreak(2)
        case "ul", "ol":
            if !lists.isEmpty { lists.removeLast() }
            writer.blockBreak(lists.isEmpty ? 2 : 1)
        case "a":
            closeLink()
        default:
            if let newlines = Self.blockBreaks[name] { writer.blockBreak(newlines) }
        }
    }

    private mutating func listItemPrefix() -> String {
        let indent = String(repeating: "  ", count: max(0, lists.count - 1))
        guard let last = lists.indices.last, lists[last].ordered else { return indent + "- " }
        defer { lists[last].next += 1 }
        return indent + "\(lists[last].next). "
    }

    private mutating func closeLink() {
        guard let link else { return }
        self.link = nil
        guard let shown = Self.displayedTarget(of: link.href) else { return }
        let text = writer.text(since: link.start)
        guard !text.isEmpty, Self.comparable(text) != Self.comparable(link.href) else { return }
        writer.appendInline(" (\(shown))")
    }

    /// What a reader needs to see of a link target: http(s) URLs whole, mailto as the bare address.
    private static func displayedTarget(of href: String) -> String? {
        let target = String(TextLines.trimmed(Substring(href)))
        let lowered = target.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") { return target }
        guard lowered.hasPrefix("mailto:") else { return nil }
        let address = target.dropFirst("mailto:".count).prefix(while: { $0 != "?" })
        return address.isEmpty ? nil : String(address)
    }

    /// Link text and target reduced so that `www.example.com` matches `https://www.example.com/`.
    private static func comparable(_ text: String) -> Substring {
        var text = Substring(TextLines.trimmed(Substring(text.lowercased())))
        for prefix in ["mailto:", "https://", "http://", "www."] where text.hasPrefix(prefix) {
            text = text.dropFirst(prefix.count)
        }
        while text.hasSuffix("/") { text = text.dropLast() }
        return text
    }

    // MARK: Text

    private mutating func text(_ range: Range<Int>) {
        if hidden != nil { return }
        if inHead {
            // Text in the head means the body started without a `<body>` tag, as browsers assume too.
            guard bytes[range].contains(where: { !Self.isSpace($0) }) else { return }
            inHead = false
        }
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&"),
               let (scalar, next) = HTMLEntities.decode(bytes, at: index, end: end, requireSemicolon: false) {
                emit(scalar)
                index = next
            } else if byte == 0xC2, index + 1 < end, bytes[index + 1] == 0xA0 {
                emit("\u{A0}")
                index += 2
            } else if byte == UInt8(ascii: "\r") {
                // CRLF counts once; a lone CR is a line end too.
                if index + 1 == end || bytes[index + 1] != UInt8(ascii: "\n") { emitASCII(UInt8(ascii: "\n")) }
                index += 1
            } else if byte < 0x80 {
                emitASCII(byte)
                index += 1
            } else {
                dropNewlineInPre = false
                writer.append(byte)
                index += 1
            }
        }
    }

    private mutating func emit(_ scalar: Unicode.Scalar) {
        if scalar.value < 0x80 {
            emitASCII(UInt8(scalar.value))
        } else if scalar == "\u{A0}" {
            dropNewlineInPre = false
            if preDepth > 0 { writer.append(UInt8(ascii: " ")) } else { writer.nonBreakingSpace() }
        } else {
            dropNewlineInPre = false
            writer.append(scalar)
        }
    }

    private mutating func emitASCII(_ byte: UInt8) {
        guard preDepth > 0 else {
            if Self.isSpace(byte) { writer.space() } else { writer.append(byte) }
            return
        }
        if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
            // A newline right after `<pre>` is not part of the content (HTML §13.2.6.4.7).
            if dropNewlineInPre {
                dropNewlineInPre = false
            } else {
                writer.preformattedNewline()
            }
            return
        }
        dropNewlineInPre = false
        writer.append(byte)
    }

    // MARK: Attributes

    private func attribute(_ name: String, in attributes: [HTMLAttribute]) -> String? {
        guard let attribute = attributes.first(where: { $0.name == name }) else { return nil }
        return HTMLEntities.decodeAttribute(bytes, attribute.value)
    }

    private func isHidden(_ attributes: [HTMLAttribute]) -> Bool {
        guard let style = attribute("style", in: attributes) else { return false }
        let compact = style.lowercased().filter { !$0.isWhitespace }
        return compact.contains("display:none")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    /// Elements that may stand in `<head>` without ending it; namespaced Office tags are allowed too.
    private static let headElements: Set<String> = [
        "html", "head", "meta", "link", "style", "script", "title", "base", "noscript", "template", "xml",
        "object", "basefont", "bgsound",
    ]

    private static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]

    /// Newlines each block element asks for around itself: 2 leaves a blank line, 1 ends the line.
    private static let blockBreaks: [String: Int] = [
        "h1": 2, "h2": 2, "h3": 2, "h4": 2, "h5": 2, "h6": 2, "blockquote": 2, "dl": 2, "hr": 2,
        "figure": 2, "fieldset": 2,
        "div": 1, "section": 1, "article": 1, "header": 1, "footer": 1, "nav": 1, "aside": 1, "main": 1,
        "address": 1, "center": 1, "dd": 1, "dt": 1, "form": 1, "caption": 1, "figcaption": 1, "details": 1,
        "summary": 1, "table": 1, "tbody": 1, "thead": 1, "tfoot": 1, "tr": 1, "li": 1, "html": 1, "body": 1,
        "legend": 1, "hgroup": 1, "menu": 1, "dir": 1, "option": 1, "textarea": 1,
    ]
}
