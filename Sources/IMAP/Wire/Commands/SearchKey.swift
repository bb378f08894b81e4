/// A search key (RFC 3501 §6.4.4); several keys in one command are ANDed.
public enum SearchKey: Hashable, Sendable {
    case all
    /// `UID set`.
    case uids(UIDSet)
    /// Internal date on or after the day.
    case since(SearchDate)
    /// Internal date before the day.
    case before(SearchDate)
    /// `MODSEQ n` (RFC 7162 §3.1.5): changed at or after mod-sequence n.
    case modSeq(UInt64)
    case undeleted
    /// `SEEN`: the message has `\Seen`.
    case seen
    /// `UNSEEN`: the message hasn't `\Seen`.
    case unseen
    /// Anything else, sent verbatim.
    case raw(String)

    var wireText: String {
        switch self {
        case .all: "ALL"
        case .uids(let set): "UID \(set)"
        case .since(let date): "SINCE \(date)"
        case .before(let date): "BEFORE \(date)"
        case .modSeq(let value): "MODSEQ \(value)"
        case .undeleted: "UNDELETED"
        case .seen: "SEEN"
        case .unseen: "UNSEEN"
        case .raw(let text): text
        }
    }
}

/// What an extended SEARCH returns (RFC 4731 §3.1): answered with ESEARCH.
public enum SearchReturnOption: String, Hashable, Sendable {
    case min = "MIN"
    case max = "MAX"
    case all = "ALL"
    case count = "COUNT"
}
