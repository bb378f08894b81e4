import Domain
import Foundation
import Store
import Testing

/// The rules every store applies (DESIGN.md invariants 2 and 3), as pure functions.
@Suite struct CommentRulesTests {
    static func comment(text: String, folder: String, mailbox: String, extra: String) -> Domain.Comment {
        Domain.Comment(id: "c1", timestamp: Date(timeIntervalSince1970: 1_736_158_500),
                messages: [CommentMessage(from: "ann@example.com", body: .init(text))],
                userProperties: ["string:Folder": .string(folder), "string:Mailbox": .string(mailbox),
                                 "string:Other": .string(extra)],
                attachments: [CommentAttachment(name: "a.pdf", size: 3, contentType: "application/pdf"),
                              CommentAttachment(name: "b.txt", size: 1, contentType: "text/plain")])
    }

    @Test func aLaterCopyChangesWhereItWasSeenAndNothingElse() {
        let stored = Self.comment(text: "first text", folder: "INBOX", mailbox: "a@example.com", extra: "kept")
        let arriving = Self.comment(text: "other text", folder: "Archive", mailbox: "b@example.com", extra: "new")
        let merged = CommentRules.merging(stored: stored, arriving: arriving)
        #expect(merged.messages == stored.messages)
        #expect(merged.userProperties["string:Folder"] == Domain.Comment.PropertyValue.string("Archive"))
        #expect(merged.userProperties["string:Mailbox"] == Domain.Comment.PropertyValue.string("b@example.com"))
        #expect(merged.userProperties["string:Other"] == Domain.Comment.PropertyValue.string("kept"))
        #expect(CommentRules.merging(stored: stored, arriving: stored) == stored)
    }

    @Test func attachmentReferencesAreStableOpaqueAndOnlyWhereContentIsKept() {
        let comment = Self.comment(text: "t", folder: "INBOX", mailbox: "a@example.com", extra: "x")
        let one = CommentRules.withAttachmentReferences(comment, sourceID: "s1", keptContents: 1)
        #expect(one.attachments[0].attachmentReference
            == CommentRules.attachmentReference(sourceID: "s1", commentID: "c1", index: 0))
        #expect(one.attachments[1].attachmentReference == nil)
        let again = CommentRules.withAttachmentReferences(comment, sourceID: "s1", keptContents: 2)
        #expect(again.attachments[0].attachmentReference == one.attachments[0].attachmentReference)
        let otherSource = CommentRules.withAttachmentReferences(comment, sourceID: "s2", keptContents: 2)
        #expect(otherSource.attachments[0].attachmentReference != one.attachments[0].attachmentReference)
        #expect(one.attachments[0].attachmentReference?.count == 40)
        #expect(one.attachments[0].attachmentReference?.contains("c1") == false)
    }
}
