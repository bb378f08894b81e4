import Foundation

/// What the mail server says about an email besides its bytes.
public struct EmailMetadata: Sendable, Equatable {
    /// The folder path, outermost first (`["Inbox", "Projects"]`).
    public var folder: [String]?
    /// The mailbox's address.
    public var mailbox: String?
    /// When the server received the email; the comment's timestamp when the Date header is missing or unreadable.
    public var receivedAt: Date?

    public init(folder: [String]? = nil, mailbox: String? = nil, receivedAt: Date? = nil) {
        self.folder = folder
        self.mailbox = mailbox
        self.receivedAt = receivedAt
    }
}
