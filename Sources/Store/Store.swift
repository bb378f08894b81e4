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
    /// Applies batches in order, each with its folder's new cursor, all in one transaction: the same as applying
    /// them one after the other, except that either all of them or none of them are applied. The result sums them.
    /// (One transaction for several pages of a folder is cheaper than one each: index pages that all of them touch
    /// are written once.)
    func apply(_ batches: [SyncBatch]) async throws -> SyncBatchResult

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

    // MARK: Mailbox availability
    /// When the mailbox's current run of "temporarily unavailable" failures began (a mailbox being moved between
    /// databases, a failover): the stored time, or `now` when this is the first failure of a run, which is then
    /// stored. Kept in the store so the clock survives restarts and `sync --once` runs.
    func mailboxUnavailableSince(mailboxID: String, now: Date) async throws -> Date
    /// Ends the run: the mailbox synced, or was re-enabled.
    func clearMailboxUnavailable(mailboxID: String) async throws

    // MARK: Errors and usage
    func recordError(_ error: IntegrationError) async throws
    func errors(integrationID: String) async throws -> [IntegrationError]
    func usage(integrationID: String) async throws -> [UsageCount]

    // MARK: Bucket emails
    /// A bucket's raw emails in id order, after `afterID`.
    func emails(bucketID: String, afterID: String?, limit: Int) async throws -> [StoredEmail]
    /// Adds comments converted from a bucket's emails to a source attached later (its backfill). Comments the
    /// source has already are left alone; attachments get references where their content is stored.
    /// Returns how many were added.
    func addComments(sourceID: String, emails: [ConvertedEmail]) async throws -> Int

    // MARK: Quotas
    /// Every quota kind with its limit (nil: none) and current usage.
    func quotas() async throws -> [Quota]
    /// Sets or clears (nil) a limit. Syncs and comment pushes that would create comments beyond the `comments`
    /// limit fail with `StoreError.quotaExceeded` and change nothing.
    func setQuota(_ kind: Quota.Kind, limit: Int?) async throws

    // MARK: API tokens
    /// Saves a token by the SHA-256 hex of its secret. Throws `alreadyExists` for a taken name.
    func createToken(_ token: APIToken, secretHash: String) async throws
    /// The token whose secret hashes to `secretHash`, noting it as used now.
    func useToken(secretHash: String) async throws -> APIToken?
    func tokens() async throws -> [APIToken]
    /// Throws `notFound` for an unknown id.
    /// Throws `notFound`, or `conflict` for the last unscoped `tokens-admin` token (someone must be able to manage
    /// tokens and global settings).
    func deleteToken(id: String) async throws

    // MARK: Catalogue
    func buckets() async throws -> [Bucket]
    func bucket(id: String) async throws -> Bucket?
    func updateBucket(id: String, title: String) async throws -> Bucket
    /// Deletes a bucket and its raw emails; sources attached to it are detached, their comments stay.
    func deleteBucket(id: String) async throws
    func sources() async throws -> [Source]
    func source(id: String) async throws -> Source?
    /// Changes a source's title, description and bucket. Throws `notFound` for a missing source or bucket.
    func updateSource(_ source: Source) async throws -> Source
    /// Deletes a source and its comments; datasets forget it.
    func deleteSource(id: String) async throws
    /// Throws `alreadyExists` for a taken owner/name, `notFound` for an unknown source id.
    func createDataset(_ dataset: Dataset) async throws -> Dataset
    func dataset(owner: String, name: String) async throws -> Dataset?
    func datasets() async throws -> [Dataset]
    func updateDataset(_ dataset: Dataset) async throws -> Dataset
    /// Deletes a dataset and its streams.
    func deleteDataset(id: String) async throws

    // MARK: Comments through the API
    /// Comments of a source by timestamp then id, from `from` (inclusive) to `to` (exclusive), after the
    /// (timestamp, id) pair `after`.
    func comments(sourceID: String, from: Date?, to: Date?, after: (Date, String)?, limit: Int) async throws
        -> [StoredComment]
    /// Deletes comments by id; returns how many existed.
    func deleteComments(sourceID: String, ids: [String]) async throws -> Int
    /// Creates or updates comments pushed through the API, in one transaction; each insert or change takes the
    /// source's next sequence number.
    func syncComments(sourceID: String, comments: [Comment]) async throws -> CommentSyncCounts

    // MARK: Streams
    /// Throws `alreadyExists` for a taken name in the dataset.
    func createStream(_ stream: CommentStream) async throws -> CommentStream
    func stream(datasetID: String, name: String) async throws -> CommentStream?
    func streams(datasetID: String) async throws -> [CommentStream]
    func deleteStream(id: String) async throws
    func setStreamPosition(id: String, position: StreamPosition) async throws
    /// The position just before the first comment created at or after `date`, in each source.
    func streamPosition(sourceIDs: [String], createdAt date: Date) async throws -> StreamPosition
    /// Up to `limit` comments of `sourceIDs` after `position` that `matches` accepts, in sequence order per
    /// source; the position moves past everything scanned, matching or not.
    func streamBatch(sourceIDs: [String], after position: StreamPosition, limit: Int,
                     matches: @Sendable (StoredComment) -> Bool) async throws -> StreamBatch
}

/// What a comment sync through the API did (Communications Mining's answer fields).
public struct CommentSyncCounts: Sendable, Equatable, Codable {
    public var new = 0
    public var updated = 0
    public var unchanged = 0
    public var updatedPropertiesOnly = 0
    public var updatedTextChanged = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case new, updated, unchanged
        case updatedPropertiesOnly = "updated_properties_only"
        case updatedTextChanged = "updated_text_changed"
    }
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
        case alreadyExists, notFound, invalid, quotaExceeded, conflict
    }

    let code: Code
    /// Names the object, never secrets or message content.
    public let detail: String

    public static func alreadyExists(_ detail: String) -> StoreError { StoreError(code: .alreadyExists, detail: detail) }
    public static func notFound(_ detail: String) -> StoreError { StoreError(code: .notFound, detail: detail) }
    public static func invalid(_ detail: String) -> StoreError { StoreError(code: .invalid, detail: detail) }
    public static func quotaExceeded(_ detail: String) -> StoreError { StoreError(code: .quotaExceeded, detail: detail) }
    /// The change would break a rule about the stored objects as a whole (e.g. removing the last administrator).
    public static func conflict(_ detail: String) -> StoreError { StoreError(code: .conflict, detail: detail) }

    public var isAlreadyExists: Bool { code == .alreadyExists }
    public var isNotFound: Bool { code == .notFound }
    public var isQuotaExceeded: Bool { code == .quotaExceeded }
    public var isConflict: Bool { code == .conflict }

    public var description: String {
        switch code {
        case .alreadyExists: "already exists: \(detail)"
        case .notFound: "not found: \(detail)"
        case .invalid: "invalid: \(detail)"
        case .quotaExceeded: "quota reached: \(detail)"
        case .conflict: detail
        }
    }
}

/// A limit on how much the service holds (Communications Mining's quotas).
public struct Quota: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case comments, integrations, buckets, sources
    }

    public var kind: Kind
    public var hardLimit: Int?
    public var currentUsage: Int

    public init(kind: Kind, hardLimit: Int?, currentUsage: Int) {
        self.kind = kind
        self.hardLimit = hardLimit
        self.currentUsage = currentUsage
    }

    enum CodingKeys: String, CodingKey {
        case kind
        case hardLimit = "hard_limit"
        case currentUsage = "current_max_usage"
    }
}

/// A raw email of a bucket, with where it was last seen.
public struct StoredEmail: Sendable, Equatable {
    /// The comment id it gives.
    public var id: String
    public var raw: [UInt8]
    public var mailbox: String?
    /// The folder path joined with "/".
    public var folder: String?
    public var receivedAt: Date?
    /// The read state last reported by the mailbox it was synced from; nil when never reported.
    public var isRead: Bool?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, raw: [UInt8], mailbox: String?, folder: String?, receivedAt: Date?, isRead: Bool? = nil,
                createdAt: Date, updatedAt: Date) {
        self.isRead = isRead
        self.id = id
        self.raw = raw
        self.mailbox = mailbox
        self.folder = folder
        self.receivedAt = receivedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

extension Store {
    /// Applies a batch of changes and saves the folder's new cursor, atomically.
    public func apply(_ batch: SyncBatch) async throws -> SyncBatchResult {
        try await apply([batch])
    }
}
