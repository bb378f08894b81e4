import Foundation

/// A FETCH attribute other than message content (RFC 3501 §7.4.2, RFC 9051 §7.5.2); content arrives as
/// ``IMAPResponseEvent/bodyStart(section:size:)`` and the events after it.
public enum FetchAttribute: Hashable, Sendable {
    case uid(UInt32)
    case flags([Flag])
    /// `MODSEQ (n)` (RFC 7162 §3.1.4.1).
    case modSeq(UInt64)
    /// `RFC822.SIZE n`: what the server says; the literal's length is the size that counts.
    case rfc822Size(UInt64)
    case internalDate(Date)
    /// `EMAILID (id)` (RFC 8474 §5.1, OBJECTID; Cyrus, Fastmail).
    case emailID(String)
    /// `THREADID (id)` or `THREADID NIL` (RFC 8474 §5.2).
    case threadID(String?)
    /// Any other attribute (ENVELOPE, BODYSTRUCTURE, X-GM-MSGID, X-GM-LABELS, ...): its upper-cased name and the
    /// value exactly as sent.
    case unknown(name: String, value: String)
}
