/// The answer to `SEARCH RETURN (...)` (RFC 4731 §3.1, RFC 9051 §7.3.4).
public struct ESearchResponse: Hashable, Sendable {
    /// The tag of the command this answers, when the server gave it.
    public var tag: String?
    /// True when the numbers are UIDs.
    public var uid: Bool
    public var all: SequenceSet?
    public var count: UInt32?
    public var min: UInt32?
    public var max: UInt32?
    public var modSeq: UInt64?

    public init(
        tag: String? = nil, uid: Bool = false, all: SequenceSet? = nil, count: UInt32? = nil, min: UInt32? = nil,
        max: UInt32? = nil, modSeq: UInt64? = nil
    ) {
        self.tag = tag
        self.uid = uid
        self.all = all
        self.count = count
        self.min = min
        self.max = max
        self.modSeq = modSeq
    }
}
