/// One item read from the server by ``IMAPResponseParser``.
///
/// A FETCH response arrives as a run of events, so that message bodies never have to be held whole:
/// `fetchStart`, then for each attribute either `fetchAttribute` or `bodyStart`, `bodyBytes`…, `bodyEnd`, and
/// finally `fetchEnd`. ``FetchAggregator`` puts such a run back together for callers that want whole messages.
public enum IMAPResponseEvent: Hashable, Sendable {
    /// The completion of a command (RFC 3501 §7.1, `response-tagged`).
    case tagged(TaggedResponse)
    /// Any untagged response except FETCH (RFC 3501 §7).
    case untagged(UntaggedResponse)
    /// A `+` line: the server waits for more of the command (RFC 3501 §7.5).
    case continuation(ContinuationRequest)
    /// `* n FETCH (` (RFC 3501 §7.4.2).
    case fetchStart(sequenceNumber: UInt32)
    /// A FETCH attribute other than message content.
    case fetchAttribute(FetchAttribute)
    /// Message content follows: `section` is the attribute as sent, upper-cased (`BODY[]`,
    /// `BODY[HEADER.FIELDS (MESSAGE-ID)]`, `BINARY[1]`, `RFC822`, `BODY[]<0>`); `size` is the literal's byte count.
    case bodyStart(section: String, size: Int)
    /// Some of the content announced by `bodyStart`, in order, as it arrived.
    case bodyBytes([UInt8])
    /// All `size` bytes of the content have been delivered.
    case bodyEnd
    /// The closing `)` of the FETCH response.
    case fetchEnd
}

/// A `+` continuation request (RFC 3501 §7.5): free text, or base64 data during AUTHENTICATE.
public struct ContinuationRequest: Hashable, Sendable {
    /// Everything after `+ `.
    public var text: String

    public init(text: String) {
        self.text = text
    }

    /// The text decoded as base64 (a SASL challenge), or nil when it is not base64.
    public var base64Decoded: [UInt8]? {
        Base64.decode(text)
    }
}
