/// A STATUS data item (RFC 3501 §6.3.10, RFC 9051 §6.3.11, RFC 7162 §3.1.2).
public enum StatusItem: String, Hashable, Sendable {
    case messages = "MESSAGES"
    case recent = "RECENT"
    case uidNext = "UIDNEXT"
    case uidValidity = "UIDVALIDITY"
    case unseen = "UNSEEN"
    case deleted = "DELETED"
    case size = "SIZE"
    case highestModSeq = "HIGHESTMODSEQ"
}
