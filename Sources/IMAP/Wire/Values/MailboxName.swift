/// A mailbox name: the Unicode name shown to people, plus the server's own bytes when they could not be decoded.
///
/// IMAP4rev1 sends names in modified UTF-7 (RFC 3501 §5.1.3); after `ENABLE UTF8=ACCEPT` (RFC 9755) or with
/// IMAP4rev2 (RFC 9051 §5.1) they are UTF-8. The command encoder encodes ``name`` for the mode in force, except when
/// ``undecodedWireBytes`` is set: then it sends those bytes back unchanged, so a name the client cannot read still
/// selects the right mailbox.
public struct MailboxName: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The decoded name, or the wire bytes read as UTF-8 (lossily) when decoding failed.
    public let name: String
    /// The exact bytes the server sent when they were not valid for the encoding in force; nil otherwise.
    public let undecodedWireBytes: [UInt8]?

    /// A mailbox named by the user or configuration.
    public init(_ name: String) {
        self.name = name
        self.undecodedWireBytes = nil
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// A mailbox name as received from the server (an astring in LIST, LSUB or STATUS), decoded from modified
    /// UTF-7, or from UTF-8 when `utf8Accepted` is true.
    public init(wireBytes: [UInt8], utf8Accepted: Bool) {
        if utf8Accepted, let text = String(validating: wireBytes, as: UTF8.self) {
            self.name = text
            self.undecodedWireBytes = nil
        } else if let text = ModifiedUTF7.decode(bytes: wireBytes) {
            self.name = text
            self.undecodedWireBytes = nil
        } else {
            self.name = String(decoding: wireBytes, as: UTF8.self)
            self.undecodedWireBytes = wireBytes
        }
    }

    public static let inbox = MailboxName("INBOX")

    /// INBOX is case-insensitive (RFC 3501 §5.1); every other name is compared exactly.
    public var isInbox: Bool { name.uppercased() == "INBOX" }

    public var description: String { name }

    /// The bytes that name this mailbox on the wire (before quoting): modified UTF-7, or UTF-8 when
    /// `utf8Accepted`; the server's own bytes when they could not be decoded. Stable, so usable as an identifier.
    public func wireBytes(utf8Accepted: Bool) -> [UInt8] {
        if let undecodedWireBytes { return undecodedWireBytes }
        if isInbox { return Array("INBOX".utf8) }
        return utf8Accepted ? Array(name.utf8) : Array(ModifiedUTF7.encode(name).utf8)
    }
}
