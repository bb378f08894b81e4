/// Sends finished messages through a mail relay (an SMTP server the operator configures). Implemented by the
/// `SMTP` target; notifications use it through this protocol only, as the engine uses ``MailSource``.
public protocol MailRelay: Sendable {
    /// Sends `message` (CRLF lines, headers and body) from `sender` to `recipients` in one mail transaction.
    /// `beforeCommit` runs after the message was transferred and just before the relay is asked to take
    /// responsibility for it (the end of data, RFC 5321 §4.1.1.4): until then the relay delivers nothing.
    /// - Throws: ``MailRelayError``; an error thrown by `beforeCommit` ends the transaction unsent.
    func send(from sender: String, to recipients: [String], message: [UInt8],
              beforeCommit: @Sendable () async throws -> Void) async throws
}

/// Why a relay did not take a message: temporarily (try again later) or for good.
public struct MailRelayError: Error, Sendable, CustomStringConvertible {
    /// True when trying again later may work (4xx replies, network failures, timeouts).
    public var isTransient: Bool
    /// Short and fixed, usable as a log field.
    public var summary: String
    /// The relay's own words (its reply), never a password.
    public var detail: String

    public init(transient: Bool, _ summary: String, detail: String = "") {
        isTransient = transient
        self.summary = summary
        self.detail = detail
    }

    public var description: String { detail.isEmpty ? summary : "\(summary): \(detail)" }
}
