import Foundation

/// Outlook's header blocks (`From:`, `Sent:`, `To:`, `Subject:` and their translations) as quote markers.
extension QuoteMarker {
    enum HeaderRole {
        case sender, date, recipientOrSubject
    }

    /// `From:` followed within a few lines by a date header and a recipient or subject header.
    static func isHeaderBlock(in lines: [Substring], at index: Int) -> Bool {
        guard let (role, value) = header(lines[index]), role == .sender, !value.isEmpty else { return false }
        var hasDate = false
        var hasRecipientOrSubject = false
        for line in lines[(index + 1)...].prefix(7) {
            switch header(line)?.role {
            case .date: hasDate = true
            case .recipientOrSubject: hasRecipientOrSubject = true
            case .sender: return false
            case nil: break
            }
            if hasDate && hasRecipientOrSubject { return true }
        }
        return false
    }

    /// Reads `Key: value`, tolerating `>`, bold markers (`*From:*`) and French spacing (`De :`).
    static func header(_ line: Substring) -> (role: HeaderRole, value: Substring)? {
        switch headerBytes(line) {
        case .header(let role, let value): (role, value)
        case .none: nil
        // No colon byte, no colon character.
        case .needsCharacters: line.utf8.contains(UInt8(ascii: ":")) ? characterHeader(line) : nil
        }
    }

    private enum HeaderScan {
        case header(HeaderRole, Substring)
        case none
        /// A non-ASCII byte where it could change which characters the line has.
        case needsCharacters
    }

    /// ``header(_:)`` on bytes, as far as they are ASCII: up to and just past the colon, where a byte is a character
    /// (lines have no CR or LF). Most lines end here at their first byte that can't be in a key.
    private static func headerBytes(_ line: Substring) -> HeaderScan {
        // Offsets into the line's bytes: the value's start, or what settled the line without one.
        enum Scan {
            case settled(HeaderScan)
            case value(HeaderRole, Int)
        }
        let scan = UTF8Text.withBytes(line) { bytes -> Scan in
            var start = 0
            while start < bytes.count {
                let byte = bytes[start]
                if byte >= 0x80 { return .settled(.needsCharacters) }
                guard TextLines.isASCIIWhitespace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "*")
                else { break }
                start += 1
            }
            // Every key is letters (the non-ASCII ones too), at most ``longestHeaderKey`` of them: anything else
            // settles it, whatever follows.
            var key: UInt64 = 0
            var keyLength = 0
            var colon: Int?
            var index = start
            for _ in 0..<24 where index < bytes.count {
                let byte = bytes[index]
                if byte >= 0x80 { return .settled(.needsCharacters) }
                if byte == UInt8(ascii: ":") {
                    colon = index
                    break
                }
                if !TextLines.isASCIIWhitespace(byte) && byte != UInt8(ascii: "*") {
                    let lower = byte | 0x20
                    guard lower >= 0x61 && lower <= 0x7A, keyLength < longestHeaderKey else { return .settled(.none) }
                    key = key << 5 | UInt64(lower - 0x60)
                    keyLength += 1
                }
                index += 1
            }
            guard let colon else { return .settled(.none) }
            // A combining mark after the colon or after a `*` would make it another character.
            var valueStart = colon + 1
            while valueStart < bytes.count, bytes[valueStart] == UInt8(ascii: "*") { valueStart += 1 }
            if valueStart < bytes.count, bytes[valueStart] >= 0x80 { return .settled(.needsCharacters) }
            guard let role = asciiHeaderRoles[key] else { return .settled(.none) }
            return .value(role, valueStart)
        }
        switch scan {
        case .settled(let result):
            return result
        case .value(let role, let offset):
            // The bytes before the value are ASCII, so the offset is a character boundary.
            let utf8 = line.utf8
            return .header(role, TextLines.trimmed(line[utf8.index(utf8.startIndex, offsetBy: offset)...]))
        }
    }

    /// ``header(_:)`` by `Character`s.
    static func characterHeader(_ line: Substring) -> (role: HeaderRole, value: Substring)? {
        let content = line.drop(while: { $0.isWhitespace || $0 == ">" || $0 == "*" })
        guard let colon = content.prefix(24).firstIndex(of: ":") else { return nil }
        let key = content[..<colon].filter { !$0.isWhitespace && $0 != "*" }.lowercased()
        guard let role = headerRoles[key] else { return nil }
        let value = TextLines.trimmed(content[content.index(after: colon)...].drop(while: { $0 == "*" }))
        return (role, value)
    }

    /// The ASCII keys of ``headerRoles`` (all of them letters), packed five bits a letter (a = 1) into an integer.
    private static let asciiHeaderRoles: [UInt64: HeaderRole] = {
        var roles: [UInt64: HeaderRole] = [:]
        for (key, role) in headerRoles where key.utf8.allSatisfy({ $0 < 0x80 }) {
            precondition(key.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A } && key.utf8.count <= 12)
            roles[key.utf8.reduce(UInt64(0)) { $0 << 5 | UInt64($1 - 0x60) }] = role
        }
        return roles
    }()

    /// The length of the longest ASCII key.
    private static let longestHeaderKey = headerRoles.keys.filter { $0.utf8.allSatisfy { $0 < 0x80 } }
        .map(\.utf8.count).max() ?? 0

    /// Header names with spaces removed (`Enviado el` becomes `enviadoel`).
    private static let headerRoles: [String: HeaderRole] = {
        var roles: [String: HeaderRole] = [:]
        let senders = ["from", "von", "de", "van", "da", "från", "fra", "od"]
        let dates = [
            "sent", "date", "gesendet", "datum", "envoyé", "envoye", "enviadoel", "enviado", "fecha", "verzonden",
            "verstuurd", "inviato", "data", "enviadaem", "enviada", "skickat", "sendt",
        ]
        let recipientsAndSubjects = [
            "to", "cc", "subject", "an", "betreff", "à", "a", "objet", "para", "asunto", "aan", "onderwerp",
            "oggetto", "assunto", "till", "til", "ämne", "emne", "do", "temat",
        ]
        for key in senders { roles[key] = .sender }
        for key in dates { roles[key] = .date }
        for key in recipientsAndSubjects { roles[key] = .recipientOrSubject }
        return roles
    }()
}
