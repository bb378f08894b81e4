import Domain
import Foundation

/// Comments read and pushed through the API, and attachments by reference.
public protocol CommentStore: Sendable {
    func comment(sourceID: String, id: String) async throws -> StoredComment?
    /// Comments of a source in sequence order, after `sequence`.
    func comments(sourceID: String, afterSequence sequence: Int64, limit: Int) async throws -> [StoredComment]
    func commentCount(sourceID: String) async throws -> Int
    /// Comments of a source by timestamp then id, from `from` (inclusive) to `to` (exclusive), after the
    /// (timestamp, id) pair `after`.
    func comments(sourceID: String, from: Date?, to: Date?, after: (Date, String)?, limit: Int) async throws
        -> [StoredComment]
    /// Deletes comments by id; returns how many existed.
    func deleteComments(sourceID: String, ids: [String]) async throws -> Int
    /// Creates or updates comments pushed through the API, in one transaction; each insert or change takes the
    /// source's next sequence number.
    func syncComments(sourceID: String, comments: [Comment]) async throws -> CommentSyncCounts
    /// An attachment's metadata and bytes by its opaque reference (``CommentRules/attachmentReference``).
    func attachment(reference: String) async throws -> StoredAttachment?
}
