import Domain
import Foundation

/// Streams (consumers' cursors over a dataset's comments).
public protocol StreamStore: Sendable {
    /// Throws `alreadyExists` for a taken name in the dataset.
    func createStream(_ stream: CommentStream) async throws -> CommentStream
    func stream(datasetID: String, name: String) async throws -> CommentStream?
    func streams(datasetID: String) async throws -> [CommentStream]
    func deleteStream(id: String) async throws
    func setStreamPosition(id: String, position: StreamPosition) async throws
    /// The position just before the first comment created at or after `date`, in each source.
    func streamPosition(sourceIDs: [String], createdAt date: Date) async throws -> StreamPosition
    /// Up to `limit` comments of `sourceIDs` after `position` that `filter` accepts, in sequence order per source;
    /// the position moves past everything scanned, matching or not. An implementation evaluates in its query what
    /// it can of the filter (``CommentFilter/sourceRestriction(of:)``) and the rest with `CommentFilter.matches`.
    func streamBatch(sourceIDs: [String], after position: StreamPosition, limit: Int,
                     filter: CommentFilter) async throws -> StreamBatch
}
