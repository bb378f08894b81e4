/// What to fetch (RFC 3501 §6.4.5, RFC 9051 §6.4.5, RFC 7162, RFC 8474, RFC 3516).
public enum FetchItem: Hashable, Sendable {
    case uid
    case flags
    case modSeq
    case rfc822Size
    case internalDate
    case envelope
    case bodyStructure
    /// `BODY[section]`, or `BODY.PEEK[section]` when `peek` (which leaves `\Seen` alone). The section is sent as
    /// given: `""` for the whole message, `"HEADER.FIELDS (MESSAGE-ID DATE)"`, `"1.2"`.
    case body(section: String, peek: Bool)
    /// `BINARY[section]` / `BINARY.PEEK[section]` (RFC 3516 §4.2): content with transfer encoding removed.
    case binary(section: String, peek: Bool)
    case emailID
    case threadID
    /// Anything else, sent verbatim (`X-GM-MSGID`, `X-GM-LABELS`).
    case raw(String)

    /// `BODY.PEEK[]`: the whole message, without setting `\Seen`.
    public static let wholeMessage = FetchItem.body(section: "", peek: true)

    /// The item as it appears in a FETCH command.
    public var wireName: String {
        switch self {
        case .uid: "UID"
        case .flags: "FLAGS"
        case .modSeq: "MODSEQ"
        case .rfc822Size: "RFC822.SIZE"
        case .internalDate: "INTERNALDATE"
        case .envelope: "ENVELOPE"
        case .bodyStructure: "BODYSTRUCTURE"
        case .body(let section, let peek): (peek ? "BODY.PEEK[" : "BODY[") + section + "]"
        case .binary(let section, let peek): (peek ? "BINARY.PEEK[" : "BINARY[") + section + "]"
        case .emailID: "EMAILID"
        case .threadID: "THREADID"
        case .raw(let text): text
        }
    }
}
