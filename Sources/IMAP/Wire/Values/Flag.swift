/// A message flag or keyword (RFC 3501 §2.3.2). System flags are case-insensitive on the wire, so they are stored in
/// their canonical spelling (`\seen` becomes `\Seen`); keywords are kept as the server sent them.
public struct Flag: Hashable, Sendable, RawRepresentable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        if rawValue.hasPrefix("\\"), let canonical = Self.systemFlags[rawValue.uppercased()] {
            self.rawValue = canonical
        } else {
            self.rawValue = rawValue
        }
    }

    public init(_ rawValue: String) {
        self.init(rawValue: rawValue)
    }

    public init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    public var description: String { rawValue }

    /// True for `\Seen`, `\Answered` and the other flags defined by the protocol itself, false for keywords.
    public var isSystemFlag: Bool { rawValue.hasPrefix("\\") }

    public static let seen: Flag = "\\Seen"
    public static let answered: Flag = "\\Answered"
    public static let flagged: Flag = "\\Flagged"
    public static let deleted: Flag = "\\Deleted"
    public static let draft: Flag = "\\Draft"
    public static let recent: Flag = "\\Recent"
    /// `\*` in PERMANENTFLAGS: the client may create new keywords (RFC 3501 §7.1).
    public static let mayCreateKeywords: Flag = "\\*"

    private static let systemFlags: [String: String] = [
        "\\SEEN": "\\Seen", "\\ANSWERED": "\\Answered", "\\FLAGGED": "\\Flagged", "\\DELETED": "\\Deleted",
        "\\DRAFT": "\\Draft", "\\RECENT": "\\Recent", "\\*": "\\*",
    ]
}
