extension WireCursor {
    /// `response` (RFC 3501 §9, RFC 9051 §9): one complete continuation, untagged or tagged response, its final CRLF
    /// removed. Appends the events it stands for.
    mutating func response(utf8Accepted: Bool, into events: inout [IMAPResponseEvent]) throws(IMAPParseError) {
        switch peek() {
        case UInt8(ascii: "+"):
            advance()
            if peek() == UInt8(ascii: " ") { advance() }
            events.append(.continuation(ContinuationRequest(text: restOfLine())))
        case UInt8(ascii: "*"):
            try untagged(utf8Accepted: utf8Accepted, into: &events)
        default:
            events.append(.tagged(try tagged()))
        }
    }

    /// `response-tagged` (RFC 3501 §9): `tag SP resp-cond-state`.
    mutating func tagged() throws(IMAPParseError) -> TaggedResponse {
        let tag = try atom(allowing: UInt8(ascii: "]"), "tag")
        guard !tag.contains("+") else { throw malformed("tag") }
        try space()
        let status: ResponseStatus
        switch try keyword() {
        case "OK": status = .ok
        case "NO": status = .no
        case "BAD": status = .bad
        default: throw malformed("OK, NO or BAD")
        }
        let (code, text) = responseText()
        return TaggedResponse(tag: tag, status: status, code: code, text: text)
    }

    /// `resp-text` (RFC 3501 §9): an optional `[resp-text-code]`, then text. Never throws: an odd code becomes
    /// ``ResponseCode/unknown(_:)``, and servers that send no text at all (`* OK`) are accepted.
    mutating func responseText() -> (ResponseCode?, String) {
        skipSpaces()
        guard peek() == UInt8(ascii: "["), let close = closingBracket() else { return (nil, restOfLine()) }
        let raw = Array(bytes[index + 1..<close])
        advance(close + 1 - index)
        if peek() == UInt8(ascii: " ") { advance() }
        return (Self.responseCode(raw), restOfLine())
    }

    /// The index of the `]` that ends the code starting here, skipping quoted strings.
    private func closingBracket() -> Int? {
        var position = index + 1
        var inQuote = false
        while position < bytes.count {
            let byte = bytes[position]
            if inQuote {
                if byte == UInt8(ascii: "\\") {
                    position += 1
                } else if byte == UInt8(ascii: "\"") {
                    inQuote = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inQuote = true
            } else if byte == UInt8(ascii: "]") {
                return position
            }
            position += 1
        }
        return nil
    }

    /// `resp-text-code` (RFC 3501 §9, RFC 4315 §4, RFC 5530 §3, RFC 7162 §7, RFC 5465 §8).
    static func responseCode(_ raw: [UInt8]) -> ResponseCode {
        var cursor = WireCursor(bytes: raw)
        let text = String(decoding: raw, as: UTF8.self)
        guard let code = try? cursor.responseCodeBody(), (try? cursor.end()) != nil else { return .unknown(text) }
        return code
    }

    private mutating func responseCodeBody() throws(IMAPParseError) -> ResponseCode? {
        let name = try keyword()
        if let simple = ResponseCode.simpleCodes[name] { return simple }
        switch name {
        case "UIDVALIDITY":
            try space()
            return .uidValidity(try number())
        case "UIDNEXT":
            try space()
            return .uidNext(try number())
        case "UNSEEN":
            try space()
            return .unseen(try number())
        case "HIGHESTMODSEQ":
            try space()
            return .highestModSeq(try number64())
        case "PERMANENTFLAGS":
            try space()
            return .permanentFlags(try list { (cursor: inout WireCursor) throws(IMAPParseError) in try cursor.flag() })
        case "CAPABILITY":
            return .capability(capabilities())
        case "BADCHARSET":
            skipSpaces()
            guard !isAtEnd else { return .badCharset([]) }
            let names = try list { (cursor: inout WireCursor) throws(IMAPParseError) in
                String(decoding: try cursor.astring(), as: UTF8.self)
            }
            return .badCharset(names)
        case "COPYUID":
            try space()
            let validity = try nonZeroNumber()
            try space()
            let source = try sequenceSet()
            try space()
            return .copyUID(uidValidity: validity, source: source, destination: try sequenceSet())
        case "APPENDUID":
            try space()
            let validity = try nonZeroNumber()
            try space()
            return .appendUID(uidValidity: validity, uids: try sequenceSet())
        case "MODIFIED":
            try space()
            return .modified(try sequenceSet())
        case "BADEVENT":
            // RFC 5465 §8: `"BADEVENT" SP "(" event *(SP event) ")"`; Dovecot 2.3 leaves out the parentheses.
            try space()
            if peek() == UInt8(ascii: "(") {
                return .badEvent(try list { (cursor: inout WireCursor) throws(IMAPParseError) in
                    try cursor.atom(allowing: nil, "event")
                })
            }
            var events: [String] = []
            repeat {
                events.append(try atom(allowing: nil, "event"))
            } while skipSpaces() > 0 && !isAtEnd
            return .badEvent(events)
        default:
            return nil
        }
    }

    /// `capability-data` (RFC 3501 §9): atoms up to the end, in any case, any number of spaces between.
    mutating func capabilities() -> [Capability] {
        var result: [Capability] = []
        while true {
            skipSpaces()
            guard let name = try? atom(allowing: nil, "capability") else { break }
            result.append(Capability(name))
        }
        return result
    }

    /// `flag` / `flag-perm` / `flag-fetch` (RFC 3501 §9): `\Seen`, `\*`, or a keyword atom.
    mutating func flag() throws(IMAPParseError) -> Flag {
        guard peek() == UInt8(ascii: "\\") else { return Flag(try atom(allowing: nil, "flag")) }
        advance()
        if peek() == UInt8(ascii: "*") {
            advance()
            return .mayCreateKeywords
        }
        return Flag("\\" + (try atom(allowing: nil, "flag")))
    }

    /// `sequence-set` (RFC 3501 §9): `seq-number / seq-range` separated by commas; `*` allowed anywhere.
    mutating func sequenceSet() throws(IMAPParseError) -> SequenceSet {
        var ranges: [SequenceRange] = []
        repeat {
            let lower = try sequenceBound()
            if peek() == UInt8(ascii: ":") {
                advance()
                ranges.append(SequenceRange(lower: lower, upper: try sequenceBound()))
            } else {
                ranges.append(SequenceRange(lower: lower, upper: lower))
            }
        } while consumeComma()
        return SequenceSet(ranges)
    }

    private mutating func consumeComma() -> Bool {
        guard peek() == UInt8(ascii: ",") else { return false }
        advance()
        return true
    }

    private mutating func sequenceBound() throws(IMAPParseError) -> SequenceBound {
        if peek() == UInt8(ascii: "*") {
            advance()
            return .star
        }
        return .number(try nonZeroNumber())
    }
}
