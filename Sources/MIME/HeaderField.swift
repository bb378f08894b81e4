/// One header field as it appeared in the message: its name and its raw (possibly folded) value bytes.
public struct HeaderField: Sendable {
    /// The field name as written, without surrounding whitespace.
    public let name: String
    /// The value bytes after the colon, still folded, without the final line break.
    public let rawValue: ArraySlice<UInt8>

    public init(name: String, rawValue: ArraySlice<UInt8>) {
        self.name = name
        self.rawValue = rawValue
    }

    /// The value with line breaks of folding removed and surrounding whitespace trimmed (RFC 5322 §2.2.3).
    public var unfoldedBytes: ArraySlice<UInt8> {
        let trimmed = ASCII.trimmed(rawValue)
        guard trimmed.contains(where: { $0 == ASCII.cr || $0 == ASCII.lf }) else { return trimmed }
        return ArraySlice(trimmed.filter { $0 != ASCII.cr && $0 != ASCII.lf })
    }

    /// The value as unstructured text: unfolded, RFC 2047 encoded-words decoded, raw 8-bit bytes read as UTF-8
    /// (else windows-1252).
    public var text: String {
        EncodedWord.decodeUnstructured(unfoldedBytes)
    }

    /// Whether the (case-insensitive) name equals `lowercaseName`.
    public func hasName(_ lowercaseName: String) -> Bool {
        let mine = name.utf8
        let other = lowercaseName.utf8
        guard mine.count == other.count else { return false }
        return zip(mine, other).allSatisfy { ASCII.lowercased($0) == $1 }
    }
}

/// The header fields of a message or body part, in order, with case-insensitive lookup.
public struct HeaderFields: Sendable, RandomAccessCollection {
    public private(set) var fields: [HeaderField]

    public init(_ fields: [HeaderField] = []) {
        self.fields = fields
    }

    public var startIndex: Int { fields.startIndex }
    public var endIndex: Int { fields.endIndex }
    public subscript(position: Int) -> HeaderField { fields[position] }

    /// The first field with this name (case-insensitive).
    public func first(_ name: String) -> HeaderField? {
        let lower = name.asciiLowercased
        return fields.first { $0.hasName(lower) }
    }

    /// Every field with this name (case-insensitive), in order.
    public func all(_ name: String) -> [HeaderField] {
        let lower = name.asciiLowercased
        return fields.filter { $0.hasName(lower) }
    }

    /// The decoded text of the first field with this name.
    public subscript(name: String) -> String? {
        first(name)?.text
    }
}
