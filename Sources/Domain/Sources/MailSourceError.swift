import Foundation

/// Why a mail source failed, classified so the engine can act at the right level (DESIGN.md invariant 6).
public struct MailSourceError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Timeouts, dropped connections, throttling, server busy: retry after backing off (the server's hint when
        /// it gave one).
        case transient(retryAfter: Duration?)
        /// This mailbox can't be opened for now (Exchange is moving it to another database, failing over, or its
        /// store is down): retry like ``transient(retryAfter:)``, but when it lasts longer than the engine's
        /// limit, disable the mailbox rather than retry for ever.
        case mailboxUnavailable(retryAfter: Duration?)
        /// Bad or expired credentials, wrong server: disable the integration.
        case authentication
        /// The mailbox doesn't exist or was deleted: disable the mailbox.
        case mailboxNotFound
        /// No permission on the mailbox: disable the mailbox.
        case accessDenied
        /// A folder vanished while syncing it: list folders again.
        case folderNotFound
        /// The saved cursor is no longer valid: resync the folder from the start.
        case invalidCursor
        /// A configuration the source can't use (bad host, unsupported option): disable the integration.
        case configuration
    }

    public var kind: Kind
    /// A short, fixed description usable as a label; never holds secrets or message content.
    public var summary: String
    /// What the server said, for the error record.
    public var detail: String
    /// What the user can do about it, in their words ("check the username and password"), when the source knows
    /// better than the engine's advice for the kind; empty otherwise. Never holds secrets; it may name hosts,
    /// settings and certificate fingerprints.
    public var advice: String

    public init(_ kind: Kind, _ summary: String, detail: String = "", advice: String = "") {
        self.kind = kind
        self.summary = summary
        self.detail = detail
        self.advice = advice
    }

    public var description: String { detail.isEmpty ? summary : "\(summary): \(detail)" }
}
