/// A read position in one complete response (literals included, final CRLF excluded), with the primitive productions
/// of RFC 3501 §9 / RFC 9051 §9. Every method throws ``IMAPParseError`` instead of trapping, whatever the bytes.
struct WireCursor {
    let bytes: [UInt8]
    private(set) var index: Int

    init(bytes: [UInt8], index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    var isAtEnd: Bool { index >= bytes.count }

    func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    mutating func advance(_ count: Int = 1) {
        index = min(bytes.count, index + count)
    }

    func malformed(_ expected: String) -> IMAPParseError {
        .malformed(expected, at: index)
    }

    mutating func expect(_ byte: UInt8, _ expected: String) throws(IMAPParseError) {
        guard peek() == byte else { throw malformed(expected) }
        index += 1
    }

    /// Skips spaces; servers put extra spaces where the grammar has one (seen from Exchange and older Cyrus).
    @discardableResult
    mutating func skipSpaces() -> Int {
        let start = index
        while peek() == UInt8(ascii: " ") { index += 1 }
        return index - start
    }

    /// One or more spaces (RFC 3501 §9 `SP`, leniently repeated).
    mutating func space() throws(IMAPParseError) {
        guard skipSpaces() > 0 else { throw malformed("space") }
    }

    /// The end of the response, after optional trailing spaces.
    mutating func end() throws(IMAPParseError) {
        skipSpaces()
        guard isAtEnd else { throw malformed("end of line") }
    }

    // MARK: Atoms and numbers

    /// `ATOM-CHAR` (RFC 3501 §9): CHAR except atom-specials. Bytes ≥ 0x80 are accepted so that servers sending raw
    /// UTF-8 in atoms are read rather than rejected.
    static let atomCharacters: [Bool] = (0...255).map { value in
        value > 0x20 && value != 0x7F && !Array("(){%*\"\\]".utf8).contains(UInt8(value))
    }

    private func isAtomCharacter(_ byte: UInt8, allowing extra: UInt8?) -> Bool {
        Self.atomCharacters[Int(byte)] || byte == extra
    }

    /// `atom` (RFC 3501 §9). `extra` admits one more byte: `]` for `ASTRING-CHAR`, `*` or `\` for flags.
    mutating func atom(allowing extra: UInt8? = nil, _ expected: String = "atom") throws(IMAPParseError) -> String {
        let start = index
        while let byte = peek(), isAtomCharacter(byte, allowing: extra) { index += 1 }
        guard index > start else { throw malformed(expected) }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// An atom, upper-cased: IMAP keywords are case-insensitive (RFC 3501 §9 note 3).
    mutating func keyword() throws(IMAPParseError) -> String {
        try atom(allowing: nil, "keyword").uppercased()
    }

    /// True, and consumes it, when the next atom is `word` (case-insensitive).
    mutating func consumeKeyword(_ word: String) -> Bool {
        let utf8 = Array(word.utf8)
        guard index + utf8.count <= bytes.count else { return false }
        for (offset, expected) in utf8.enumerated() where bytes[index + offset] | 0x20 != expected | 0x20 {
            return false
        }
        if let next = peek(utf8.count), isAtomCharacter(next, allowing: nil) { return false }
        index += utf8.count
        return true
    }

    /// `number` (RFC 3501 §9): 32-bit unsigned.
    mutating func number() throws(IMAPParseError) -> UInt32 {
        let value = try number64()
        guard value <= UInt64(UInt32.max) else { throw IMAPParseError.outOfRange(at: index) }
        return UInt32(value)
    }

    /// `nz-number` (RFC 3501 §9).
    mutating func nonZeroNumber() throws(IMAPParseError) -> UInt32 {
        let value = try number()
        guard value > 0 else { throw malformed("non-zero number") }
        return value
    }

    /// `number64` / `mod-sequence-value` (RFC 9051 §9, RFC 7162 §7): at most 2^63 - 1.
    mutating func number64() throws(IMAPParseError) -> UInt64 {
        let start = index
        var value: UInt64 = 0
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2, sum <= UInt64(Int64.max) else { throw IMAPParseError.outOfRange(at: start) }
            value = sum
            index += 1
        }
        guard index > start else { throw malformed("number") }
        return value
    }

    // MARK: Strings

    /// `string` (RFC 3501 §9): a quoted string or a literal, `{n}`, `{n+}` or `~{n}` (RFC 3516 §4.3).
    mutating func string() throws(IMAPParseError) -> [UInt8] {
        switch peek() {
        case UInt8(ascii: "\""): return try quoted()
        case UInt8(ascii: "{"), UInt8(ascii: "~"): return Array(try literal())
        default: throw malformed("string")
        }
    }

    /// `quoted` (RFC 3501 §9): `\"` and `\\` are escapes; any other escaped byte is kept as is. 8-bit bytes are
    /// allowed because UTF8=ACCEPT (RFC 9755 §3) puts UTF-8 in quoted strings and some servers do regardless.
    mutating func quoted() throws(IMAPParseError) -> [UInt8] {
        try expect(UInt8(ascii: "\""), "quoted string")
        var result: [UInt8] = []
        while let byte = peek() {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return result
            case UInt8(ascii: "\\"):
                guard let escaped = peek(), escaped != 13, escaped != 10 else { throw malformed("escaped char") }
                result.append(escaped)
                index += 1
            case 13, 10, 0:
                throw malformed("closing quote")
            default:
                result.append(byte)
            }
        }
        throw malformed("closing quote")
    }

    /// `literal` / `literal8` (RFC 3501 §9, RFC 3516 §4.3): the byte count, CRLF, then exactly that many bytes.
    mutating func literal() throws(IMAPParseError) -> ArraySlice<UInt8> {
        if peek() == UInt8(ascii: "~") { index += 1 }
        try expect(UInt8(ascii: "{"), "literal")
        let length = try number64()
        if peek() == UInt8(ascii: "+") { index += 1 }
        try expect(UInt8(ascii: "}"), "literal length end")
        if peek() == 13 { index += 1 }
        guard peek() == 10 else { throw IMAPParseError.badLiteral(at: index) }
        index += 1
        guard length <= UInt64(bytes.count - index) else { throw IMAPParseError.badLiteral(at: index) }
        let start = index
        index += Int(length)
        return bytes[start..<index]
    }

    /// `astring` (RFC 3501 §9): `1*ASTRING-CHAR` or a string.
    mutating func astring() throws(IMAPParseError) -> [UInt8] {
        switch peek() {
        case UInt8(ascii: "\""), UInt8(ascii: "{"): return try string()
        case UInt8(ascii: "~") where peek(1) == UInt8(ascii: "{"): return try string()
        default:
            let start = index
            _ = try atom(allowing: UInt8(ascii: "]"), "astring")
            return Array(bytes[start..<index])
        }
    }

    /// `nstring` (RFC 3501 §9): NIL or a string.
    mutating func nstring() throws(IMAPParseError) -> [UInt8]? {
        consumeKeyword("NIL") ? nil : try string()
    }

    // MARK: Lists and raw values

    /// A parenthesized list of `element`, separated by spaces (extra or missing spaces tolerated).
    mutating func list<Element>(
        _ element: (inout WireCursor) throws(IMAPParseError) -> Element
    ) throws(IMAPParseError) -> [Element] {
        try expect(UInt8(ascii: "("), "(")
        var result: [Element] = []
        while true {
            skipSpaces()
            if peek() == UInt8(ascii: ")") {
                index += 1
                return result
            }
            guard !isAtEnd else { throw malformed(")") }
            result.append(try element(&self))
        }
    }

    /// Skips one value of any shape (atom, number, string, literal, NIL, nested list, `name[section]<n>`) and returns
    /// its bytes; used to keep unknown attributes and codes raw.
    @discardableResult
    mutating func skipValue() throws(IMAPParseError) -> ArraySlice<UInt8> {
        let start = index
        switch peek() {
        case UInt8(ascii: "\""):
            _ = try quoted()
        case UInt8(ascii: "{"):
            _ = try literal()
        case UInt8(ascii: "~") where peek(1) == UInt8(ascii: "{"):
            _ = try literal()
        case UInt8(ascii: "("):
            _ = try list { (cursor: inout WireCursor) throws(IMAPParseError) in try cursor.skipValue() }
        default:
            try skipBareToken()
        }
        return bytes[start..<index]
    }

    /// An atom-like token that may contain `[...]` (with spaces and lists inside) and `<...>`, as in
    /// `BODY[HEADER.FIELDS (DATE)]<0>`.
    private mutating func skipBareToken() throws(IMAPParseError) {
        let start = index
        var bracketDepth = 0
        while let byte = peek() {
            if byte == UInt8(ascii: "[") {
                bracketDepth += 1
            } else if byte == UInt8(ascii: "]") {
                guard bracketDepth > 0 else { break }
                bracketDepth -= 1
            } else if byte == UInt8(ascii: "\"") && bracketDepth > 0 {
                _ = try quoted()
                continue
            } else if bracketDepth == 0 && !(isAtomCharacter(byte, allowing: nil) || byte == UInt8(ascii: "\\")
                || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "%"))
            {
                break
            } else if byte < 0x20 || byte == 0x7F {
                break
            }
            index += 1
        }
        guard index > start, bracketDepth == 0 else { throw malformed("value") }
    }

    /// The rest of the response as text (RFC 3501 §9 `text`), decoded leniently as UTF-8.
    mutating func restOfLine() -> String {
        let text = String(decoding: bytes[index...], as: UTF8.self)
        index = bytes.count
        return text
    }

    /// Bytes from `start` to the current position, as text.
    func text(from start: Int) -> String {
        String(decoding: bytes[min(start, index)..<index], as: UTF8.self)
    }
}
