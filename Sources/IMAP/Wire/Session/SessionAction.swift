/// What the network driver must do after ``IMAPSessionState`` handled an event. The driver carries actions out in
/// order and makes no protocol decisions of its own.
public enum SessionAction: Hashable, Sendable {
    /// Write this chunk of a command that was waiting for the server's `+` (a literal, a SASL response, DONE).
    case sendContinuationChunk(OutboundChunk)
    /// Write these chunks: commands that were held back while another command waited for `+`.
    case send([OutboundChunk])
    /// The server accepted STARTTLS: start the TLS handshake now, before writing anything else (RFC 3501 §6.2.1).
    case startTLS
    /// The server confirmed IDLE (RFC 2177 §3); untagged updates follow until ``IMAPSessionState/endIdle()``.
    case idleStarted
    /// The command with this tag completed; `command` is its name (``IMAPCommand/name``).
    case commandCompleted(command: String, response: TaggedResponse)
    /// An untagged response, after the state took what it needs from it.
    case untagged(UntaggedResponse)
    /// A FETCH event (see ``IMAPResponseEvent``), passed through unchanged.
    case fetch(IMAPResponseEvent)
    /// The server sent BYE and will close the connection (RFC 3501 §7.1.5); the reason is the server's text.
    /// A ``commandAborted(tag:command:reason:)`` follows for each command in flight other than LOGOUT.
    case serverClosing(reason: String)
    /// The command with this tag will never be answered: the server is closing the connection (BYE, whose text
    /// is `reason`). `command` is its name (``IMAPCommand/name``).
    case commandAborted(tag: String, command: String, reason: String)
    /// The server broke the protocol; close the connection. The reason is a short fixed phrase.
    case protocolError(reason: String)
}
