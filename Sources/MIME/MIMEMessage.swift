import Foundation

/// A parsed message: the raw bytes it came from, its part tree, and what the parser had to repair.
public struct MIMEMessage: Sendable {
    /// The bytes exactly as received; nothing the parser does changes them.
    public let raw: [UInt8]
    public let root: MIMEPart
    public let warnings: [ParseWarning]

    init(raw: [UInt8], root: MIMEPart, warnings: [ParseWarning]) {
        self.raw = raw
        self.root = root
        self.warnings = warnings
    }

    /// Parses `bytes` with the default limits.
    public init(parsing bytes: [UInt8]) {
        self = MIMEParser().parse(bytes)
    }

    public var headers: HeaderFields { root.headers }

    /// The decoded Subject (the first one when it is repeated).
    public var subject: String? { headers["subject"] }

    public var from: [MailAddress] { addresses("from") }
    public var sender: [MailAddress] { addresses("sender") }
    public var replyTo: [MailAddress] { addresses("reply-to") }
    public var to: [MailAddress] { addresses("to") }
    public var cc: [MailAddress] { addresses("cc") }
    public var bcc: [MailAddress] { addresses("bcc") }

    /// The mailboxes of every field with this name (To, Cc and Bcc may legally appear once, but are repeated in
    /// real mail; their lists are joined).
    public func addresses(_ name: String) -> [MailAddress] {
        let fields = headers.all(name)
        if fields.count == 1 { return AddressParser.parse(fields[0].unfoldedBytes) }
        return fields.flatMap { AddressParser.parse($0.unfoldedBytes) }
    }

    /// The instant of the Date header, nil when absent or unreadable.
    public var date: Date? {
        headers.first("date").flatMap { DateParser.parse(bytes: $0.unfoldedBytes) }
    }

    /// Message-ID without angle brackets; nil when absent or empty.
    public var messageID: String? {
        guard let field = headers.first("message-id") else { return nil }
        let id = MessageIdentifiers.strip(bytes: field.unfoldedBytes)
        return id.isEmpty ? nil : id
    }

    public var inReplyTo: [String] {
        headers.first("in-reply-to").map { MessageIdentifiers.parseList(bytes: $0.unfoldedBytes) } ?? []
    }

    public var references: [String] {
        headers.all("references").flatMap { MessageIdentifiers.parseList(bytes: $0.unfoldedBytes) }
    }

    /// `references.first`, without reading the ids after it (a long thread's References holds dozens).
    public var firstReference: String? {
        for field in headers where field.hasName("references") {
            if let first = MessageIdentifiers.parseList(bytes: field.unfoldedBytes, limit: 1).first { return first }
        }
        return nil
    }

    /// `inReplyTo.first`, without reading the ids after it.
    public var firstInReplyTo: String? {
        headers.first("in-reply-to").flatMap { MessageIdentifiers.parseList(bytes: $0.unfoldedBytes, limit: 1).first }
    }

    /// Every part of the message, depth-first, including the parts of embedded messages.
    public var allParts: [MIMEPart] { root.walk() }

    /// Warnings about the headers that are only found by reading them (duplicates, 8-bit bytes, bad dates, address
    /// fields with words that are no address), together with the structural warnings found while parsing.
    public var allWarnings: [ParseWarning] {
        allWarnings(date: date)
    }

    /// ``allWarnings`` for a caller that has already read ``date`` (nil when the Date header is absent or
    /// unreadable), so the header is not parsed twice.
    public func allWarnings(date: Date?) -> [ParseWarning] {
        var result = warnings
        // One pass over the fields: how many there are of each name below, the first of each, and what is wrong
        // with the address fields.
        let names = Self.checkedHeaders
        var counts = [Int](repeating: 0, count: names.count)
        var firsts = [HeaderField?](repeating: nil, count: names.count)
        var addressWarnings: [ParseWarning] = []
        for field in headers {
            guard let index = names.firstIndex(where: field.hasName) else { continue }
            counts[index] += 1
            if firsts[index] == nil { firsts[index] = field }
            if Self.isAddressHeader[index] { Self.checkAddresses(field, name: names[index], into: &addressWarnings) }
        }
        for (index, name) in names.enumerated().prefix(Self.singleHeaderCount) where counts[index] > 1 {
            result.append(ParseWarning(.duplicateHeader, name))
        }
        for (index, name) in names.enumerated().prefix(Self.unstructuredHeaderCount) {
            if let field = firsts[index], field.rawValue.contains(where: { $0 >= 0x80 }) {
                result.append(ParseWarning(.unencoded8BitHeader, name))
            }
        }
        if date == nil, let dateIndex = names.firstIndex(of: "date"), counts[dateIndex] > 0 {
            result.append(ParseWarning(.invalidDate))
        }
        result.append(contentsOf: addressWarnings)
        return result
    }

    /// Adds one `invalidAddress` warning per field name whose mailboxes hold words that are no address. Most
    /// fields are spared the parse by a cheap check that never misses one.
    @inline(__always)
    private static func checkAddresses(_ field: HeaderField, name: String, into warnings: inout [ParseWarning]) {
        let bytes = field.unfoldedBytes
        guard AddressParser.mayHaveSeparatedWords(bytes) else { return }
        var found: [ParseWarning] = []
        _ = AddressParser.parse(bytes, field: name, warnings: &found)
        if let warning = found.first, !warnings.contains(warning) { warnings.append(warning) }
    }

    /// The fields read here, in the order their warnings are given. The first ``singleHeaderCount`` a message
    /// should have at most one of; the first ``unstructuredHeaderCount`` are also checked for raw 8-bit bytes; the
    /// address fields a comment shows (``isAddressHeader``) for words that are no address.
    private static let checkedHeaders = ["subject", "from", "to", "cc", "date", "message-id", "content-type", "bcc"]
    private static let singleHeaderCount = 7
    private static let unstructuredHeaderCount = 4
    private static let isAddressHeader = [false, true, true, true, false, false, false, true]
}
