/// A stored comment as the API answers it, in comment lists and stream results, and as stream webhooks deliver it:
/// the comment's own fields, then `uid` (`<source id>.<comment id>`), `source_id`, `created_at` and
/// `last_modified`.
public struct StoredCommentView: Encodable, Sendable {
    public let stored: StoredComment

    public init(stored: StoredComment) { self.stored = stored }

    private enum Key: String, CodingKey {
        case uid, sourceID = "source_id", createdAt = "created_at", lastModified = "last_modified"
    }

    public func encode(to encoder: any Encoder) throws {
        try stored.comment.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode("\(stored.sourceID).\(stored.comment.id)", forKey: .uid)
        try container.encode(stored.sourceID, forKey: .sourceID)
        try container.encode(stored.createdAt, forKey: .createdAt)
        try container.encode(stored.updatedAt, forKey: .lastModified)
    }
}
