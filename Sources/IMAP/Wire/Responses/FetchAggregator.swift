/// Collects the event run of one FETCH response into a ``FetchResponse``, for callers that want one whole message at
/// a time. Content is held in memory, up to ``maximumContentSize`` bytes per response; use the events directly to
/// stream larger messages.
public struct FetchAggregator: Sendable {
    /// Content beyond this many bytes in one response is dropped and counted in ``truncatedResponses``.
    public let maximumContentSize: Int
    /// How many responses had content dropped because of ``maximumContentSize``.
    public private(set) var truncatedResponses = 0

    private var current: FetchResponse?
    private var section: String?
    private var sectionBytes: [UInt8] = []
    private var contentBytes = 0
    private var truncated = false

    public init(maximumContentSize: Int = 256 << 20) {
        self.maximumContentSize = maximumContentSize
    }

    /// Takes one event; returns the finished response at its `fetchEnd`, nil otherwise. Events that are not part of
    /// a FETCH response are ignored.
    public mutating func consume(_ event: IMAPResponseEvent) -> FetchResponse? {
        switch event {
        case .fetchStart(let sequenceNumber):
            current = FetchResponse(sequenceNumber: sequenceNumber)
            contentBytes = 0
            truncated = false
        case .fetchAttribute(let attribute):
            current?.apply(attribute)
        case .bodyStart(let name, _):
            section = name
            sectionBytes = []
        case .bodyBytes(let bytes):
            guard section != nil else { return nil }
            let room = max(0, maximumContentSize - contentBytes)
            if bytes.count > room { truncated = true }
            sectionBytes.append(contentsOf: bytes.prefix(room))
            contentBytes += min(room, bytes.count)
        case .bodyEnd:
            if let name = section { current?.sections[name] = sectionBytes }
            section = nil
            sectionBytes = []
        case .fetchEnd:
            guard var response = current else { return nil }
            current = nil
            if truncated { truncatedResponses += 1 }
            response.body = Self.wholeMessage(in: response.sections)
            return response
        case .tagged, .untagged, .continuation:
            break
        }
        return nil
    }

    private static func wholeMessage(in sections: [String: [UInt8]]) -> [UInt8]? {
        for name in ["BODY[]", "RFC822", "BINARY[]"] {
            if let bytes = sections[name] { return bytes }
        }
        if let partial = sections.first(where: { $0.key.hasPrefix("BODY[]<") || $0.key.hasPrefix("BINARY[]<") }) {
            return partial.value
        }
        return sections.count == 1 ? sections.first?.value : nil
    }
}

extension FetchResponse {
    fileprivate mutating func apply(_ attribute: FetchAttribute) {
        switch attribute {
        case .uid(let value): uid = value
        case .flags(let value): flags = value
        case .modSeq(let value): modSeq = value
        case .rfc822Size(let value): size = value
        case .internalDate(let value): internalDate = value
        case .emailID, .threadID, .unknown: otherAttributes.append(attribute)
        }
    }
}
