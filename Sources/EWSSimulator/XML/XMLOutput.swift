/// Writes the simulator's answers: compact XML, attributes in the order given, every value escaped.
struct XMLOutput {
    private(set) var bytes: [UInt8] = []

    init(declaration: Bool = true) {
        bytes.reserveCapacity(4096)
        if declaration { append(#"<?xml version="1.0" encoding="utf-8"?>"#) }
    }

    /// `<name a="v">`, whatever `content` writes, `</name>`.
    mutating func element(_ name: String, _ attributes: [(String, String)] = [], content: (inout XMLOutput) -> Void) {
        startTag(name, attributes)
        append(">")
        content(&self)
        append("</\(name)>")
    }

    /// `<name a="v">text</name>`.
    mutating func element(_ name: String, _ attributes: [(String, String)] = [], text: String) {
        element(name, attributes) { $0.text(text) }
    }

    /// `<name a="v"/>`.
    mutating func empty(_ name: String, _ attributes: [(String, String)] = []) {
        startTag(name, attributes)
        append("/>")
    }

    /// Escaped character data.
    mutating func text(_ value: String) {
        escape(value, inAttribute: false)
    }

    /// Raw markup, for constant fragments.
    mutating func raw(_ markup: String) {
        append(markup)
    }

    private mutating func startTag(_ name: String, _ attributes: [(String, String)]) {
        append("<\(name)")
        for (attribute, value) in attributes {
            append(" \(attribute)=\"")
            escape(value, inAttribute: true)
            append("\"")
        }
    }

    private mutating func append(_ string: String) {
        bytes.append(contentsOf: string.utf8)
    }

    private mutating func escape(_ value: String, inAttribute: Bool) {
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": append("&amp;")
            case "<": append("&lt;")
            case ">": append("&gt;")
            case "\"" where inAttribute: append("&quot;")
            case "\r": append("&#xD;")
            case "\n" where inAttribute: append("&#xA;")
            case "\t" where inAttribute: append("&#x9;")
            default:
                switch scalar.value {
                case 0x9, 0xA, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF:
                    UTF8.encode(scalar) { bytes.append($0) }
                default:
                    // Exchange writes forbidden characters as references (real clients must cope with them).
                    append("&#x\(String(scalar.value, radix: 16, uppercase: true));")
                }
            }
        }
    }
}
