/// One capability a server announces (RFC 3501 §7.2.1, RFC 9051 §7.2.2), kept upper-cased because capability names
/// are case-insensitive and servers differ in spelling (`IMAP4rev1`, `imap4rev1`).
public struct Capability: Hashable, Sendable, RawRepresentable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue.uppercased()
    }

    public init(_ rawValue: String) {
        self.init(rawValue: rawValue)
    }

    public init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    public var description: String { rawValue }

    /// `AUTH=<mechanism>`: a SASL mechanism the server accepts (RFC 3501 §6.2.2).
    public static func auth(_ mechanism: String) -> Capability { Capability("AUTH=" + mechanism) }

    /// The SASL mechanism named by an `AUTH=` capability, or nil for any other capability.
    public var authMechanism: String? {
        rawValue.hasPrefix("AUTH=") ? String(rawValue.dropFirst(5)) : nil
    }

    public static let imap4rev1: Capability = "IMAP4REV1"
    public static let imap4rev2: Capability = "IMAP4REV2"
    public static let startTLS: Capability = "STARTTLS"
    public static let loginDisabled: Capability = "LOGINDISABLED"
    public static let saslIR: Capability = "SASL-IR"
    public static let literalPlus: Capability = "LITERAL+"
    public static let literalMinus: Capability = "LITERAL-"
    public static let idle: Capability = "IDLE"
    public static let enable: Capability = "ENABLE"
    public static let condStore: Capability = "CONDSTORE"
    public static let qResync: Capability = "QRESYNC"
    public static let utf8Accept: Capability = "UTF8=ACCEPT"
    public static let specialUse: Capability = "SPECIAL-USE"
    public static let uidPlus: Capability = "UIDPLUS"
    public static let move: Capability = "MOVE"
    public static let unselect: Capability = "UNSELECT"
    public static let esearch: Capability = "ESEARCH"
    public static let id: Capability = "ID"
    public static let namespace: Capability = "NAMESPACE"
    public static let objectID: Capability = "OBJECTID"
    public static let gmailExtensions: Capability = "X-GM-EXT-1"
}
