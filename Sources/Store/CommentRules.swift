import Domain

/// The rules every store applies to comments made from synced email, so that a second implementation can't
/// differ from the first (DESIGN.md invariants 2 and 3): pure functions, no storage.
public enum CommentRules {
    /// The user properties a later copy of an email may change: where it was seen last. Everything else of a
    /// comment, its text above all, is written once (invariant 3).
    public static let metadataProperties = ["string:Folder", "string:Mailbox"]

    /// The stored comment after another copy of its email arrived (from another folder or mailbox of the bucket):
    /// the text and everything but ``metadataProperties`` stay; those take the arriving copy's values, so the
    /// copy synced last wins the metadata (invariant 2).
    public static func merging(stored: Comment, arriving: Comment) -> Comment {
        var merged = stored
        for key in metadataProperties { merged.userProperties[key] = arriving.userProperties[key] }
        return merged
    }

    /// The reference under which an attachment's content is read back (`GET /api/v1/attachments/<reference>`):
    /// opaque and unguessable without the ids, and stable, so a re-sync gives the same reference.
    public static func attachmentReference(sourceID: String, commentID: String, index: Int) -> String {
        String(ContentHash.sha256Hex("\(sourceID)/\(commentID)/\(index)".utf8).prefix(40))
    }

    /// A new comment as a source stores it: each attachment whose content is kept (`keptContents` of them, in
    /// order) gets its reference; the others keep metadata only.
    public static func withAttachmentReferences(_ comment: Comment, sourceID: String, keptContents: Int) -> Comment {
        var stored = comment
        for index in stored.attachments.indices where index < keptContents {
            stored.attachments[index].attachmentReference = attachmentReference(sourceID: sourceID,
                                                                                commentID: comment.id, index: index)
        }
        return stored
    }
}
