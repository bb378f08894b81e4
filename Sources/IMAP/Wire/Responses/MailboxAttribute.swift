/// A mailbox attribute from LIST (RFC 3501 §7.2.2, RFC 5258 §3, RFC 6154 §2). Attribute names are case-insensitive,
/// so known ones are stored in their canonical spelling.
public struct MailboxAttribute: Hashable, Sendable, RawRepresentable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = Self.canonical[rawValue.uppercased()] ?? rawValue
    }

    public init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    public var description: String { rawValue }

    public static let noInferiors: MailboxAttribute = "\\Noinferiors"
    public static let noSelect: MailboxAttribute = "\\Noselect"
    public static let marked: MailboxAttribute = "\\Marked"
    public static let unmarked: MailboxAttribute = "\\Unmarked"
    public static let nonExistent: MailboxAttribute = "\\NonExistent"
    public static let subscribed: MailboxAttribute = "\\Subscribed"
    public static let remote: MailboxAttribute = "\\Remote"
    public static let hasChildren: MailboxAttribute = "\\HasChildren"
    public static let hasNoChildren: MailboxAttribute = "\\HasNoChildren"
    public static let all: MailboxAttribute = "\\All"
    public static let archive: MailboxAttribute = "\\Archive"
    public static let drafts: MailboxAttribute = "\\Drafts"
    public static let flagged: MailboxAttribute = "\\Flagged"
    public static let junk: MailboxAttribute = "\\Junk"
    public static let sent: MailboxAttribute = "\\Sent"
    public static let trash: MailboxAttribute = "\\Trash"
    /// `\Important` (RFC 8457), sent by Gmail.
    public static let important: MailboxAttribute = "\\Important"

    /// The SPECIAL-USE attributes of RFC 6154 §2 (and RFC 8457).
    public static let specialUses: Set<MailboxAttribute> = [.all, .archive, .drafts, .flagged, .junk, .sent, .trash,
        .important]

    private static let canonical: [String: String] = {
        let names = ["\\Noinferiors", "\\Noselect", "\\Marked", "\\Unmarked", "\\NonExistent", "\\Subscribed",
            "\\Remote", "\\HasChildren", "\\HasNoChildren", "\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk",
            "\\Sent", "\\Trash", "\\Important"]
        return Dictionary(uniqueKeysWithValues: names.map { ($0.uppercased(), $0) })
    }()
}
