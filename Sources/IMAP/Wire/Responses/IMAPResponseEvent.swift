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

extension IMAPResponseEvent: CustomStringConvertible {
    /// Message content shows as `[N bytes]`, so that logging an event never logs mail.
    public var description: String {
        switch self {
        case .tagged(let response): "tagged(\(response))"
        case .untagged(let response): "untagged(\(response))"
        case .continuation(let request): "continuation(\(request.text))"
        case .fetchStart(let sequenceNumber): "fetchStart(\(sequenceNumber))"
        case .fetchAttribute(let attribute): "fetchAttribute(\(attribute))"
        case .bodyStart(let section, let size): "bodyStart(\(section), \(size))"
        case .bodyBytes(let bytes): "bodyBytes([\(bytes.count) bytes])"
        case .bodyEnd: "bodyEnd"
        case .fetchEnd: "fetchEnd"
        }
    }
}
