import Foundation

/// A mailbox on a server, as the sync engine sees it. IMAP, EWS and Graph each implement it; the engine never
/// parses a wire format and the sources never touch the store.
public protocol MailSource: Sendable {
    /// The mailbox's folders (only those that can hold messages).
    /// - Throws: `MailSourceError`.
    func folders() async throws -> [MailFolder]

    /// Reads the changes of one folder since `cursor` (nil: from the start) and hands them to `pages` one page at
    /// a time, in order, waiting for each call to return before reading on: the engine decides how far reading
    /// runs ahead of its writes, and the read is part of the caller's task (cancelling it cancels the read; no
    /// task of the source outlives the call). Each page carries the cursor that follows it; the engine saves that
    /// cursor together with the page's changes. `startTimestamp` lets the source skip older messages on the
    /// server side; the engine checks it again.
    /// - Throws: `MailSourceError`, or what `pages` throws (then nothing more is read).
    func changes(in folder: MailFolder, since cursor: String?, startTimestamp: Date?,
                 pages: @Sendable (FolderChangePage) async throws -> Void) async throws

    /// Returns when the server says something may have changed in one of `folders` (IMAP IDLE, notifications),
    /// or after `timeout`, whichever comes first. Sources that can't be told simply sleep.
    func waitForChanges(in folders: [MailFolder], timeout: Duration) async throws

    /// Logs out and closes connections.
    func close() async
}

/// A folder of a mailbox.
public struct MailFolder: Sendable, Hashable, Codable {
    /// Names from the top, decoded (`["Inbox", "Projects"]`).
    public var path: [String]
    /// The server's id or name for the folder (IMAP mailbox name as sent on the wire, EWS FolderId).
    public var serverID: String
    /// RFC 6154 role when the server names one (`\Sent`, `\Archive`, …), without the backslash, lowercased.
    public var role: String?

    public init(path: [String], serverID: String, role: String? = nil) {
        self.path = path
        self.serverID = serverID
        self.role = role
    }

    /// The path joined with "/", the folder's key in cursors and `string:Folder`.
    public var name: String { path.joined(separator: "/") }
}

/// A page of changes and the cursor after it.
public struct FolderChangePage: Sendable {
    public var changes: [FolderChange]
    public var cursor: String
    /// True when the server's ids for this folder changed (UIDVALIDITY, invalid sync state): forget them first.
    public var resetsFolder: Bool

    public init(changes: [FolderChange], cursor: String, resetsFolder: Bool = false) {
        self.changes = changes
        self.cursor = cursor
        self.resetsFolder = resetsFolder
    }
}

/// One change of an item in a folder, as the server reports it.
public enum FolderChange: Sendable {
    /// The item is in the folder: its raw MIME bytes, and its read state when the server said.
    case upsert(serverID: String, raw: [UInt8], receivedAt: Date?, isRead: Bool? = nil)
    /// The item's read state changed (IMAP `\Seen` through CONDSTORE `CHANGEDSINCE`, EWS ReadFlagChange).
    case readState(serverID: String, isRead: Bool)
    /// The item left the folder.
    case removed(serverID: String)
    /// The server could not deliver this item (corrupt, conversion failed); the engine records it and goes on.
    case failed(serverID: String, reason: String)
}
