import Domain
import Foundation
import Store
import Testing

/// The bodies every store writes for the comments of the pages it applies: `CommentJSON`'s text of each, under
/// its batch and server id, whether encoded on the caller's thread or spread over the cores.
@Suite struct CommentBodiesTests {
    static func batch(_ name: String, emails: Int, removals: Int = 1) -> SyncBatch {
        var changes: [SyncChange] = (0..<removals).map { .removed(serverID: "\(name)-gone\($0)") }
        for index in 0..<emails {
            let raw = Array("Message-ID: <\(name)\(index)@x>\r\nSubject: \(name) \(index)\r\n\r\nbody \(index)\r\n".utf8)
            let converted = EmailToComment.convert(raw, metadata: EmailMetadata(folder: ["INBOX"], mailbox: "m@x"))
            changes.append(.upsert(IncomingEmail(serverID: "\(name)\(index)", raw: raw, converted: converted,
                                                 receivedAt: nil, storesAttachments: false)))
        }
        return SyncBatch(integrationID: "int", mailboxID: "mb", mailboxAddress: "m@x", bucketID: "b",
                         folder: "INBOX", changes: changes, cursor: name)
    }

    /// Few comments (encoded in place) and many (encoded on every core) give the same bodies.
    @Test(arguments: [1, 3, 150])
    func eachBodyIsItsCommentsJSONUnderItsBatchAndServerID(emailsPerBatch: Int) async throws {
        let batches = [Self.batch("a", emails: emailsPerBatch), Self.batch("b", emails: 0),
                       Self.batch("c", emails: emailsPerBatch)]
        let bodies = try await CommentBodies.encode(batches)
        #expect(bodies.count == 3)
        for (batch, encoded) in zip(batches, bodies) {
            var expected: [String: String] = [:]
            for case .upsert(let email) in batch.changes {
                expected[email.serverID] = try CommentJSON.string(email.converted.comment)
            }
            #expect(encoded == expected, "batch \(batch.cursor ?? "")")
        }
    }
}
