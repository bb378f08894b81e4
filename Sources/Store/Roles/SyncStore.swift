import Domain
import Foundation

/// What the sync engine writes: pages of changes with their folders' cursors, and sources' backfills.
public protocol SyncStore: Sendable {
    /// The saved cursor of one folder of a mailbox.
    func folderCursor(mailboxID: String, folder: String) async throws -> String?
    /// All saved cursors of a mailbox, by folder.
    func folderCursors(mailboxID: String) async throws -> [String: String]
    /// Applies batches in order, each with its folder's new cursor, all in one transaction: the same as applying
    /// them one after the other, except that either all of them or none of them are applied. The result sums them.
    /// (One transaction for several pages of a folder is cheaper than one each: index pages that all of them touch
    /// are written once.) New comments and later copies follow ``CommentRules``.
    func apply(_ batches: [SyncBatch]) async throws -> SyncBatchResult
    /// Adds comments converted from a bucket's emails to a source attached later (its backfill). Comments the
    /// source has already are left alone; attachments get references where their content is stored.
    /// Returns how many were added.
    func addComments(sourceID: String, emails: [ConvertedEmail]) async throws -> Int

    /// The raw MIME bytes of an email of a bucket, by comment id.
    func rawEmail(bucketID: String, id: String) async throws -> [UInt8]?
    /// Where an email currently is, as (mailbox id, folder, server id) triples.
    func locations(bucketID: String, id: String) async throws -> [EmailLocation]
}

extension SyncStore {
    /// Applies a batch of changes and saves the folder's new cursor, atomically.
    public func apply(_ batch: SyncBatch) async throws -> SyncBatchResult {
        try await apply([batch])
    }
}
