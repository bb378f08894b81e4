extension WireCursor {
    /// The start of a FETCH response whose message content is streamed: `* n FETCH (` and the attributes up to the
    /// literal that holds the content (RFC 3501 §7.4.2).
    mutating func fetchPrefix(streamedBodySize: Int, into events: inout [IMAPResponseEvent]) throws(IMAPParseError) {
        try expect(UInt8(ascii: "*"), "*")
        try space()
        let number = try number()
        try space()
        guard consumeKeyword("FETCH") else { throw malformed("FETCH") }
        try space()
        try fetchAttributes(sequenceNumber: number, streamedBodySize: streamedBodySize, into: &events)
    }

    /// `msg-att` (RFC 3501 §9, RFC 9051 §9): attributes in any order, then `)`.
    ///
    /// With a `sequenceNumber` this starts at the `(` and emits `fetchStart`; without one it continues a response
    /// after streamed content. With `streamedBodySize` the bytes must end just before the content's literal, after
    /// a content attribute's name: that attribute becomes `bodyStart` and the caller streams the literal.
    mutating func fetchAttributes(
        sequenceNumber: UInt32?, streamedBodySize: Int?, into events: inout [IMAPResponseEvent]
    ) throws(IMAPParseError) {
        if let sequenceNumber {
            try expect(UInt8(ascii: "("), "(")
            events.append(.fetchStart(sequenceNumber: sequenceNumber))
        }
        while true {
            skipSpaces()
            if peek() == UInt8(ascii: ")") {
                advance()
                guard streamedBodySize == nil else { throw malformed("message content") }
                try end()
                events.append(.fetchEnd)
                return
            }
            let name = try fetchAttributeName()
            skipSpaces()
            if let section = Self.contentSection(name) {
                if isAtEnd, let streamedBodySize {
                    events.append(.bodyStart(section: section, size: streamedBodySize))
                    return
                }
                let content = try nstring() ?? []
                events.append(.bodyStart(section: section, size: content.count))
                if !content.isEmpty { events.append(.bodyBytes(content)) }
                events.append(.bodyEnd)
            } else {
                events.append(.fetchAttribute(try fetchAttributeValue(name)))
            }
        }
    }

    /// A `msg-att` name, upper-cased, with its `[section]` and `<origin>` (RFC 3501 §9 `section`).
    private mutating func fetchAttributeName() throws(IMAPParseError) -> String {
        let start = index
        var depth = 0
        while let byte = peek() {
            if byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "]") {
                guard depth > 0 else { throw malformed("fetch attribute") }
                depth -= 1
            } else if depth > 0 && byte == UInt8(ascii: "\"") {
                _ = try quoted()
                continue
            } else if byte < 0x20 || byte == 0x7F || (depth == 0 && !Self.atomCharacters[Int(byte)]) {
                break
            }
            advance()
        }
        guard index > start, depth == 0 else { throw malformed("fetch attribute") }
        return text(from: start).uppercased()
    }

    /// The section name to report when `name` carries message content (`BODY[...]`, `BINARY[...]`, `RFC822`,
    /// `RFC822.HEADER`, `RFC822.TEXT`), with a stray `.PEEK` removed; nil for every other attribute.
    static func contentSection(_ name: String) -> String? {
        switch name {
        case "RFC822", "RFC822.HEADER", "RFC822.TEXT": return name
        default: break
        }
        for prefix in ["BODY", "BINARY"] {
            if name.hasPrefix(prefix + "[") { return name }
            if name.hasPrefix(prefix + ".PEEK[") { return prefix + name.dropFirst(prefix.count + 5) }
        }
        return nil
    }

    /// The value of a non-content attribute (RFC 3501 §9 `msg-att-dynamic`, `msg-att-static`; RFC 7162 §7;
    /// RFC 8474 §7).
    private mutating func fetchAttributeValue(_ name: String) throws(IMAPParseError) -> FetchAttribute {
        switch name {
        case "UID":
            return .uid(try nonZeroNumber())
        case "FLAGS":
            return .flags(try list { (cursor: inout WireCursor) throws(IMAPParseError) in try cursor.flag() })
        case "MODSEQ":
            try expect(UInt8(ascii: "("), "(")
            skipSpaces()
            let value = try number64()
            skipSpaces()
            try expect(UInt8(ascii: ")"), ")")
            return .modSeq(value)
        case "RFC822.SIZE":
            return .rfc822Size(try number64())
        case "INTERNALDATE":
            let start = index
            guard let date = InternalDate.parse(try string()) else { throw IMAPParseError.badDate(at: start) }
            return .internalDate(date)
        case "EMAILID":
            return .emailID(try objectID())
        case "THREADID":
            return .threadID(consumeKeyword("NIL") ? nil : try objectID())
        default:
            let raw = try skipValue()
            return .unknown(name: name, value: String(decoding: raw, as: UTF8.self))
        }
    }

    /// `"(" objectid ")"` (RFC 8474 §7).
    private mutating func objectID() throws(IMAPParseError) -> String {
        try expect(UInt8(ascii: "("), "(")
        skipSpaces()
        let value = try atom(allowing: nil, "objectid")
        skipSpaces()
        try expect(UInt8(ascii: ")"), ")")
        return value
    }
}
