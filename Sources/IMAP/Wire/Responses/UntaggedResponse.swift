/// An untagged response other than FETCH (RFC 3501 §7, RFC 9051 §7).
public enum UntaggedResponse: Hashable, Sendable {
    /// `* OK|NO|BAD|BYE|PREAUTH [code] text` (RFC 3501 §7.1).
    case condition(UntaggedCondition, code: ResponseCode?, text: String)
    /// `* CAPABILITY ...` (RFC 3501 §7.2.1).
    case capability([Capability])
    /// `* LIST (...) "/" name` (RFC 3501 §7.2.2, RFC 6154, RFC 5258); Gmail's legacy XLIST is read as LIST.
    case list(ListResponse)
    /// `* LSUB (...) "/" name` (RFC 3501 §7.2.3).
    case lsub(ListResponse)
    /// `* STATUS name (...)` (RFC 3501 §7.2.4).
    case status(MailboxStatus)
    /// `* FLAGS (...)` (RFC 3501 §7.2.6).
    case flags([Flag])
    /// `* n EXISTS` (RFC 3501 §7.3.1).
    case exists(UInt32)
    /// `* n RECENT` (RFC 3501 §7.3.2).
    case recent(UInt32)
    /// `* n EXPUNGE` (RFC 3501 §7.4.1): a sequence number, not a UID.
    case expunge(UInt32)
    /// `* VANISHED [(EARLIER)] uids` (RFC 7162 §3.2.10): sent instead of EXPUNGE once QRESYNC is enabled.
    case vanished(earlier: Bool, uids: UIDSet)
    /// `* SEARCH n...` with the optional `(MODSEQ n)` of CONDSTORE (RFC 3501 §7.2.5, RFC 7162 §3.1.5).
    case search([UInt32], modSeq: UInt64?)
    /// `* ESEARCH ...` (RFC 4731 §3.1).
    case esearch(ESearchResponse)
    /// `* ENABLED ...` (RFC 5161 §3.2).
    case enabled([Capability])
    /// `* ID (...)` (RFC 2971 §3.2); nil for `* ID NIL`.
    case id([IDParameter]?)
    /// `* NAMESPACE ...` (RFC 2342), kept as text.
    case namespace(String)
    /// Any other untagged response, kept as the server's line without CRLF.
    case unknown(String)
}

/// The status word of an untagged status response (RFC 3501 §7.1).
public enum UntaggedCondition: String, Hashable, Sendable {
    case ok = "OK"
    case no = "NO"
    case bad = "BAD"
    /// The server is about to close the connection (RFC 3501 §7.1.5).
    case bye = "BYE"
    /// Greeting of a connection that is already authenticated (RFC 3501 §7.1.4).
    case preauth = "PREAUTH"
}

/// One field of an ID exchange (RFC 2971 §3.3).
public struct IDParameter: Hashable, Sendable {
    public var key: String
    public var value: String?

    public init(_ key: String, _ value: String?) {
        self.key = key
        self.value = value
    }
}
