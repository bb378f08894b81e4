extension WireCursor {
    /// `response-data` (RFC 3501 §9, RFC 9051 §9) after `*`. Unknown responses become ``UntaggedResponse/unknown(_:)``;
    /// known ones that do not follow their grammar throw.
    mutating func untagged(utf8Accepted: Bool, into events: inout [IMAPResponseEvent]) throws(IMAPParseError) {
        try expect(UInt8(ascii: "*"), "*")
        guard skipSpaces() > 0 else { return events.append(.untagged(.unknown(wholeLine))) }
        if let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let number = try number()
            try space()
            guard let name = try? keyword() else { return events.append(.untagged(.unknown(wholeLine))) }
            switch name {
            case "EXISTS": events.append(.untagged(.exists(number)))
            case "RECENT": events.append(.untagged(.recent(number)))
            case "EXPUNGE": events.append(.untagged(.expunge(number)))
            case "FETCH":
                try space()
                try fetchAttributes(sequenceNumber: number, streamedBodySize: nil, into: &events)
                return
            default: return events.append(.untagged(.unknown(wholeLine)))
            }
            try end()
            return
        }
        guard let name = try? keyword() else { return events.append(.untagged(.unknown(wholeLine))) }
        let response: UntaggedResponse
        switch name {
        case "OK", "NO", "BAD", "BYE", "PREAUTH":
            let (code, text) = responseText()
            response = .condition(UntaggedCondition(rawValue: name) ?? .bad, code: code, text: text)
        case "CAPABILITY":
            response = .capability(capabilities())
        case "LIST", "XLIST":
            response = .list(try listResponse(utf8Accepted: utf8Accepted))
        case "LSUB":
            response = .lsub(try listResponse(utf8Accepted: utf8Accepted))
        case "STATUS":
            response = .status(try mailboxStatus(utf8Accepted: utf8Accepted))
        case "FLAGS":
            try space()
            response = .flags(try list { (cursor: inout WireCursor) throws(IMAPParseError) in try cursor.flag() })
        case "SEARCH":
            response = try searchResponse()
        case "ESEARCH":
            response = .esearch(try esearchResponse())
        case "VANISHED":
            response = try vanished()
        case "ENABLED":
            response = .enabled(capabilities())
        case "ID":
            // Informational only: an odd ID answer is kept as text rather than failing the connection.
            var attempt = self
            do {
                response = .id(try attempt.idParameters())
                try attempt.end()
                self = attempt
            } catch {
                return events.append(.untagged(.unknown(wholeLine)))
            }
        case "NAMESPACE":
            skipSpaces()
            response = .namespace(restOfLine())
        default:
            return events.append(.untagged(.unknown(wholeLine)))
        }
        try end()
        events.append(.untagged(response))
    }

    /// The whole response as text, for responses kept as ``UntaggedResponse/unknown(_:)``.
    private var wholeLine: String { String(decoding: bytes, as: UTF8.self) }

    /// `mailbox-list` (RFC 3501 §9, RFC 5258 §9 `mbox-list-extended`, RFC 6154 §6).
    mutating func listResponse(utf8Accepted: Bool) throws(IMAPParseError) -> ListResponse {
        try space()
        let attributes = try list { (cursor: inout WireCursor) throws(IMAPParseError) -> MailboxAttribute in
            let backslash = cursor.peek() == UInt8(ascii: "\\")
            if backslash { cursor.advance() }
            let name = try cursor.atom(allowing: nil, "mailbox attribute")
            return MailboxAttribute(rawValue: backslash ? "\\" + name : name)
        }
        try space()
        var delimiter: Character?
        if !consumeKeyword("NIL") {
            delimiter = String(decoding: try quoted(), as: UTF8.self).first
        }
        try space()
        let mailbox = MailboxName(wireBytes: try astring(), utf8Accepted: utf8Accepted)
        skipSpaces()
        if peek() == UInt8(ascii: "(") {
            try skipValue()  // CHILDINFO and other extended data (RFC 5258 §9)
        }
        return ListResponse(attributes: attributes, delimiter: delimiter, mailbox: mailbox)
    }

    /// `mailbox-data =/ "STATUS" SP mailbox SP "(" [status-att-list] ")"` (RFC 3501 §9, RFC 7162 §7).
    mutating func mailboxStatus(utf8Accepted: Bool) throws(IMAPParseError) -> MailboxStatus {
        try space()
        var status = MailboxStatus(mailbox: MailboxName(wireBytes: try astring(), utf8Accepted: utf8Accepted))
        try space()
        _ = try list { (cursor: inout WireCursor) throws(IMAPParseError) in
            let name = try cursor.keyword()
            try cursor.space()
            switch name {
            case "MESSAGES": status.messages = try cursor.number()
            case "RECENT": status.recent = try cursor.number()
            case "UIDNEXT": status.uidNext = try cursor.number()
            case "UIDVALIDITY": status.uidValidity = try cursor.number()
            case "UNSEEN": status.unseen = try cursor.number()
            case "DELETED": status.deleted = try cursor.number()
            case "SIZE": status.size = try cursor.number64()
            case "HIGHESTMODSEQ": status.highestModSeq = try cursor.number64()
            default: try cursor.skipValue()
            }
        }
        return status
    }

    /// `mailbox-data =/ "SEARCH" *(SP nz-number) [SP search-sort-mod-seq]` (RFC 3501 §9, RFC 7162 §7).
    mutating func searchResponse() throws(IMAPParseError) -> UntaggedResponse {
        var numbers: [UInt32] = []
        var modSeq: UInt64?
        while true {
            skipSpaces()
            guard !isAtEnd else { break }
            if peek() == UInt8(ascii: "(") {
                advance()
                guard consumeKeyword("MODSEQ") else { throw malformed("MODSEQ") }
                try space()
                modSeq = try number64()
                skipSpaces()
                try expect(UInt8(ascii: ")"), ")")
            } else {
                numbers.append(try nonZeroNumber())
            }
        }
        return .search(numbers, modSeq: modSeq)
    }

    /// `esearch-response` (RFC 4731 §3.1): `[search-correlator] [SP "UID"] *(SP search-return-data)`.
    mutating func esearchResponse() throws(IMAPParseError) -> ESearchResponse {
        var result = ESearchResponse()
        skipSpaces()
        if peek() == UInt8(ascii: "(") {
            _ = try list { (cursor: inout WireCursor) throws(IMAPParseError) in
                let name = try cursor.keyword()
                try cursor.space()
                let value = String(decoding: try cursor.astring(), as: UTF8.self)
                if name == "TAG" { result.tag = value }
            }
        }
        while true {
            skipSpaces()
            guard !isAtEnd else { return result }
            let name = try keyword()
            if name == "UID" {
                result.uid = true
                continue
            }
            try space()
            switch name {
            case "MIN": result.min = try nonZeroNumber()
            case "MAX": result.max = try nonZeroNumber()
            case "COUNT": result.count = try number()
            case "ALL": result.all = try sequenceSet()
            case "MODSEQ": result.modSeq = try number64()
            default: try skipValue()
            }
        }
    }

    /// `"VANISHED" [SP "(EARLIER)"] SP known-uids` (RFC 7162 §7).
    mutating func vanished() throws(IMAPParseError) -> UntaggedResponse {
        try space()
        var earlier = false
        if peek() == UInt8(ascii: "(") {
            advance()
            skipSpaces()
            guard consumeKeyword("EARLIER") else { throw malformed("EARLIER") }
            skipSpaces()
            try expect(UInt8(ascii: ")"), ")")
            try space()
            earlier = true
        }
        return .vanished(earlier: earlier, uids: try sequenceSet())
    }

    /// `id-response` (RFC 2971 §4): `"ID" SP id-params-list`, NIL or `(string nstring ...)`.
    mutating func idParameters() throws(IMAPParseError) -> [IDParameter]? {
        try space()
        if consumeKeyword("NIL") { return nil }
        var parameters: [IDParameter] = []
        try expect(UInt8(ascii: "("), "(")
        while true {
            skipSpaces()
            if peek() == UInt8(ascii: ")") {
                advance()
                return parameters
            }
            let key = String(decoding: try string(), as: UTF8.self)
            try space()
            let value = try nstring().map { String(decoding: $0, as: UTF8.self) }
            parameters.append(IDParameter(key, value))
        }
    }
}
