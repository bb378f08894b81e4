/// A response code in square brackets at the start of a status response's text (RFC 3501 §7.1, RFC 9051 §7.1,
/// RFC 4315 §3 UIDPLUS, RFC 5530 codes, RFC 7162 §3.1 CONDSTORE/QRESYNC, RFC 5465 NOTIFY).
public enum ResponseCode: Hashable, Sendable {
    case alert
    case parse
    case readOnly
    case readWrite
    case tryCreate
    case uidValidity(UInt32)
    case uidNext(UInt32)
    case unseen(UInt32)
    case highestModSeq(UInt64)
    case noModSeq
    case permanentFlags([Flag])
    case capability([Capability])
    case badCharset([String])
    /// `[COPYUID v source destination]` after COPY or MOVE (RFC 4315 §3, RFC 6851 §4.3): the n-th source UID is now
    /// the n-th destination UID in the mailbox whose UIDVALIDITY is `uidValidity`.
    case copyUID(uidValidity: UInt32, source: UIDSet, destination: UIDSet)
    /// `[APPENDUID v uid]` after APPEND (RFC 4315 §3); a set after MULTIAPPEND.
    case appendUID(uidValidity: UInt32, uids: UIDSet)
    /// `[MODIFIED set]`: a conditional STORE skipped these messages (RFC 7162 §3.1.3).
    case modified(SequenceSet)
    /// The previously selected mailbox is now closed (RFC 7162 §3.2.11).
    case closed
    case authenticationFailed
    case authorizationFailed
    case unavailable
    case expired
    case privacyRequired
    case contactAdmin
    case noPermission
    case inUse
    case expungeIssued
    case corruption
    case serverBug
    case clientBug
    case cannot
    case limit
    case overQuota
    case alreadyExists
    case nonExistent
    /// `[NOTIFICATIONOVERFLOW]`: the server stopped reporting changes (as after `NOTIFY NONE`), having too many
    /// to send (RFC 5465 §5.8); the client must look for itself and may ask again.
    case notificationOverflow
    /// `[BADEVENT (events)]`: NOTIFY named an event the server does not support. RFC 5465 §3.1 has it list the
    /// events the server supports; Dovecot 2.3 lists the unsupported ones, without parentheses.
    case badEvent([String])
    /// Any other code, or a known one with unexpected arguments: the text between the brackets.
    case unknown(String)

    /// Codes that take no argument, by their wire name.
    static let simpleCodes: [String: ResponseCode] = [
        "ALERT": .alert, "PARSE": .parse, "READ-ONLY": .readOnly, "READ-WRITE": .readWrite,
        "TRYCREATE": .tryCreate, "NOMODSEQ": .noModSeq, "CLOSED": .closed,
        "AUTHENTICATIONFAILED": .authenticationFailed, "AUTHORIZATIONFAILED": .authorizationFailed,
        "UNAVAILABLE": .unavailable, "EXPIRED": .expired, "PRIVACYREQUIRED": .privacyRequired,
        "CONTACTADMIN": .contactAdmin, "NOPERM": .noPermission, "INUSE": .inUse,
        "EXPUNGEISSUED": .expungeIssued, "CORRUPTION": .corruption, "SERVERBUG": .serverBug,
        "CLIENTBUG": .clientBug, "CANNOT": .cannot, "LIMIT": .limit, "OVERQUOTA": .overQuota,
        "ALREADYEXISTS": .alreadyExists, "NONEXISTENT": .nonExistent,
        "NOTIFICATIONOVERFLOW": .notificationOverflow,
    ]
}
