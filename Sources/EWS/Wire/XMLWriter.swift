/// Writes a compact XML document into bytes: no indentation, attributes in the order given, every value escaped.
///
/// Element names are compile-time constants of this module and are written as they are; only text and
/// attribute values come from callers and are escaped (XML 1.0 §2.4, §3.3.3).
struct XMLWriter {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(1024)
        bytes.append(contentsOf: #"<?xml version="1.0" encoding="utf-8"?>"#.utf8)
    }

    /// `<name a="v">`, then whatever `content` writes, then `</name>`.
    mutating func element(
        _ name: StaticString,
        _ attributes: [(StaticString, String)] = [],
        content: (inout XMLWriter) -> Void
    ) {
        writeStartTag(name, attributes)
        bytes.append(UInt8(ascii: ">"))
        content(&self)
        bytes.append(contentsOf: "</".utf8)
        append(name)
        bytes.append(UInt8(ascii: ">"))
    }

    /// `<name a="v">text</name>`.
    mutating func element(_ name: StaticString, _ attributes: [(StaticString, String)] = [], text: String) {
        element(name, attributes) { $0.appendEscaped(text, inAttribute: false) }
    }

    /// `<name a="v"/>`.
    mutating func emptyElement(_ name: StaticString, _ attributes: [(StaticString, String)] = []) {
        writeStartTag(name, attributes)
        bytes.append(contentsOf: "/>".utf8)
    }

    private mutating func writeStartTag(_ name: StaticString, _ attributes: [(StaticString, String)]) {
        bytes.append(UInt8(ascii: "<"))
        append(name)
        for (attribute, value) in attributes {
            bytes.append(UInt8(ascii: " "))
            append(attribute)
            bytes.append(contentsOf: #"=""#.utf8)
            appendEscaped(value, inAttribute: true)
            bytes.append(UInt8(ascii: "\""))
        }
    }

    private mutating func append(_ name: StaticString) {
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Escapes the five markup characters everywhere; in attributes also tab, LF and CR, which attribute-value
    /// normalization would otherwise turn into spaces; CR in text, which end-of-line handling would drop. Code
    /// points XML 1.0 cannot carry at all (most C0 controls, U+FFFE, U+FFFF) are left out.
    mutating func appendEscaped(_ value: String, inAttribute: Bool) {
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": bytes.append(contentsOf: "&amp;".utf8)
            case "<": bytes.append(contentsOf: "&lt;".utf8)
            case ">": bytes.append(contentsOf: "&gt;".utf8)
            case "\"": bytes.append(contentsOf: "&quot;".utf8)
            case "'": bytes.append(contentsOf: "&apos;".utf8)
            case "\r": bytes.append(contentsOf: "&#xD;".utf8)
            case "\n" where inAttribute: bytes.append(contentsOf: "&#xA;".utf8)
            case "\t" where inAttribute: bytes.append(contentsOf: "&#x9;".utf8)
            default:
                guard XMLCharacter.isAllowed(scalar.value) else { continue }
                UTF8.encode(scalar) { bytes.append($0) }
            }
        }
    }
}

/// The `Char` production of XML 1.0 §2.2.
enum XMLCharacter {
    static func isAllowed(_ codePoint: UInt32) -> Bool {
        switch codePoint {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
