import MIME

/// The result of turning an email into a comment: the comment, the attachments' bytes to store, and what went
/// wrong on the way.
public struct ConvertedEmail: Sendable {
    public var comment: Comment
    /// Decoded content of each entry of `comment.attachments`, in the same order.
    public var attachmentContents: [[UInt8]]
    /// Parse and conversion warnings; none of them stopped the conversion.
    public var warnings: [ParseWarning]
    public var conversionWarnings: [String]
}
