import Domain
import Foundation

/// Where Mailstream keeps buckets, raw emails, sources, comments, attachments, integrations, cursors, errors and
/// usage. Every method is one transaction. `SQLiteStore` is the embedded implementation; a PostgreSQL one can
/// follow, and `StoreTests` runs one suite against each.
public protocol Store: Sendable {
    // MARK: Buckets and sources
    func createBucket(owner: String, name: String, title: String) async throws -> Bucket
    func bucket(owner: String, name: String) async throws -> Bucket?
    /// Creates a source, optionally attached to a bucket (it then gets the bucket's emails as comments).
    func createSource(owner: String, name: String, bucketID: String?) async throws -> Source
    func source(owner: String, name: String) async throws -> Source?
    func sources(bucketID: String) async throws -> [Source]

    // MARK: Integrations
    /// Creates or replaces an integration and its mailboxes. Secrets are stored encrypted.
    func saveIntegration(_ integration: Integration) async throws
    func integration(id: String) async throws -> Integration?
    func integration(owner: String, name: String) async throws -> Integration?
    func integrations() async throws -> [Integration]
    /// Deletes an integration, its mailboxes and their cursors; synced emails and comments stay.
    func deleteIntegration(id: String) async throws
    func setIntegrationEnabled(id: String, enabled: Bool, reason: Integration.DisabledReason?) async throws
    func setMailboxEnabled(integrationID: String, mailboxID: String, enabled: Bool,
                           reason: Integration.DisabledReason?) async throws

    // MARK: Sync
    /// The saved cursor of one folder of a mailbox.
    func folderCursor(mailboxID: String, folder: String) async throws -> String?
    /// All saved cursors of a mailbox, by folder.
    func folderCursors(mailboxID: String) async throws -> [String: String]
    /// Applies a batch of changes and saves the folder's new cursor, atomically.
    func apply(_ batch: SyncBatch) async throws -> SyncBatchResult

    // MARK: Reading
    func comment(sourceID: String, id: String) async throws -> StoredComment?
    /// Comments of a source in sequence order, after `sequence`.
    func comments(sourceID: String, afterSequence sequence: Int64, limit: Int) async throws -> [StoredComment]
    func commentCount(sourceID: String) async throws -> Int
    /// The raw MIME bytes of an email of a bucket, by comment id.
    func rawEmail(bucketID: String, id: String) async throws -> [UInt8]?
    /// Where an email currently is, as (mailbox id, folder, server id) triples.
    func locations(bucketID: String, id: String) async throws -> [EmailLocation]
    /// An attachment's metadata and bytes by its opaque reference.
    func attachment(reference: String) async throws -> StoredAttachment?

    // MARK: Errors and usage
    func recordError(_ error: IntegrationError) async throws
    func errors(integrationID: String) async throws -> [IntegrationError]
    func usage(integrationID: String) async throws -> [UsageCount]
}

/// Where a copy of an email is on a server.
public struct EmailLocation: Sendable, Equatable, Hashable {
    public var mailboxID: String
    public var folder: String
    public var serverID: String

    public init(mailboxID: String, folder: String, serverID: String) {
        self.mailboxID = mailboxID
        self.folder = folder
        self.serverID = serverID
    }
}

/// An attachment read back by reference.
public struct StoredAttachment: Sendable, Equatable {
    public var sourceID: String
    public var name: String
    public var contentType: String
    public var content: [UInt8]

    public init(sourceID: String, name: String, contentType: String, content: [UInt8]) {
        self.sourceID = sourceID
        self.name = name
        self.contentType = contentType
        self.content = content
    }
}

/// A store operation that failed for a reason the caller can act on.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    enum Code: Sendable {
        case alreadyExists, notFound, invalid
    }

    let code: Code
    /// Names the object, never secrets or message content.
    public let detail: String

    public static func alreadyExists(_ detail: String) -> StoreError { StoreError(code: .alreadyExists, detail: detail) }
    public static func notFound(_ detail: String) -> StoreError { StoreError(code: .notFound, detail: detail) }
    public static func invalid(_ detail: String) -> StoreError { StoreError(code: .invalid, detail: detail) }

    public var isAlreadyExists: Bool { code == .alreadyExists }
    public var isNotFound: Bool { code == .notFound }

    public var description: String {
        switch code {
        case .alreadyExists: "already exists: \(detail)"
        case .notFound: "not found: \(detail)"
        case .invalid: "invalid: \(detail)"
        }
    }
}
