import Foundation

/// One FETCH response put together by ``FetchAggregator``.
public struct FetchResponse: Hashable, Sendable {
    public var sequenceNumber: UInt32
    public var uid: UInt32?
    public var flags: [Flag]?
    public var modSeq: UInt64?
    /// `RFC822.SIZE` as the server reported it; the length of ``body`` is what was actually received.
    public var size: UInt64?
    public var internalDate: Date?
    /// The whole message (`BODY[]`, `RFC822` or `BINARY[]`), or, when only one section was fetched, that section.
    public var body: [UInt8]?
    /// Every content section by the name the server used (`BODY[HEADER.FIELDS (MESSAGE-ID DATE)]`).
    public var sections: [String: [UInt8]]
    /// Attributes without a field of their own (EMAILID, X-GM-MSGID, ENVELOPE, ...), in order.
    public var otherAttributes: [FetchAttribute]

    public init(
        sequenceNumber: UInt32, uid: UInt32? = nil, flags: [Flag]? = nil, modSeq: UInt64? = nil, size: UInt64? = nil,
        internalDate: Date? = nil, body: [UInt8]? = nil, sections: [String: [UInt8]] = [:],
        otherAttributes: [FetchAttribute] = []
    ) {
        self.sequenceNumber = sequenceNumber
        self.uid = uid
        self.flags = flags
        self.modSeq = modSeq
        self.size = size
        self.internalDate = internalDate
        self.body = body
        self.sections = sections
        self.otherAttributes = otherAttributes
    }
}

extension FetchResponse: CustomStringConvertible {
    /// Content shows as `[N bytes]`, so that logging a response never logs mail.
    public var description: String {
        let uidText = uid.map(String.init) ?? "nil"
        let content = sections.map { "\($0.key): [\($0.value.count) bytes]" }.sorted().joined(separator: ", ")
        return "FetchResponse(\(sequenceNumber), uid: \(uidText), sections: [\(content)])"
    }
}
