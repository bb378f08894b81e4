/// Parameters of SELECT and EXAMINE (RFC 7162 §3.1.8 CONDSTORE, §3.2.5 QRESYNC).
public struct SelectOptions: Hashable, Sendable {
    public var condStore: Bool
    public var qResync: QResyncParameters?

    public init(condStore: Bool = false, qResync: QResyncParameters? = nil) {
        self.condStore = condStore
        self.qResync = qResync
    }
}

/// `QRESYNC (uidvalidity modseq [known-uids])` (RFC 7162 §3.2.5): what the client already knows of the mailbox.
public struct QResyncParameters: Hashable, Sendable {
    public var uidValidity: UInt32
    public var modSeq: UInt64
    public var knownUIDs: UIDSet?

    public init(uidValidity: UInt32, modSeq: UInt64, knownUIDs: UIDSet? = nil) {
        self.uidValidity = uidValidity
        self.modSeq = modSeq
        self.knownUIDs = knownUIDs
    }
}
