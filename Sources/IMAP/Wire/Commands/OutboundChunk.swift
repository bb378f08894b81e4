/// Bytes to write to the server. A command that carries a synchronizing literal (RFC 3501 §4.3) or a SASL exchange
/// (§6.2.2) is split into several chunks: after a chunk with ``awaitsContinuation`` the client must wait for the
/// server's `+` before writing the next one.
public struct OutboundChunk: Hashable, Sendable, CustomStringConvertible {
    public var bytes: [UInt8]
    /// True when the server must answer `+` before the next chunk of the same command may be sent.
    public var awaitsContinuation: Bool

    public init(_ bytes: [UInt8], awaitsContinuation: Bool = false) {
        self.bytes = bytes
        self.awaitsContinuation = awaitsContinuation
    }

    /// Only the size: chunks carry passwords and message content (logged like swift-nio-imap's `[N bytes]`).
    public var description: String {
        "[\(bytes.count) bytes\(awaitsContinuation ? ", then wait for +" : "")]"
    }
}
