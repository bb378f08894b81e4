import Domain
import Foundation
import Store
import Testing

@Suite struct StoreTests {
    @Test(arguments: StoreSuite.implementations)
    func bucketsAndSourcesAreUniqueByOwnerAndName(_ implementation: StoreSuite.Implementation) async throws {
        try await StoreSuite.withWorld(implementation) { (world: StoreSuite.World) async throws in
            await #expect(throws: StoreError.self) {
                _ = try await world.store.createBucket(owner: "ops", name: "mail", title: "again")
            }
            #expect(try await world.store.bucket(owner: "ops", name: "mail") == world.bucket)
            #expect(try await world.store.sources(bucketID: world.bucket.id).map(\.id) == [world.source.id])
            await #expect(throws: StoreError.self) {
                _ = try await world.store.createSource(owner: "x", name: "y", bucketID: "no-such-bucket")
            }
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func batchCreatesCommentsWithSequencesAndSavesTheCursor(_ implementation: StoreSuite.Implementation)
        async throws {
        try await StoreSuite.withWorld(implementation) { (world: StoreSuite.World) async throws in
            let result = try await world.store.apply(world.batch(
                [world.email("a@x", serverID: "1", folder: "INBOX"), world.email("b@x", serverID: "2", folder: "INBOX")],
                cursor: "uidvalidity=1;uid=2"
            ))
            #expect(result == SyncBatchResult(created: 2))
            #expect(try await world.store.folderCursor(mailboxID: "mb1", folder: "INBOX") == "uidvalidity=1;uid=2")
            let comments = try await world.store.comments(sourceID: world.source.id, afterSequence: 0, limit: 10)
            #expect(comments.map(\.comment.id) == [world.commentID("a@x"), world.commentID("b@x")])
            #expect(comments.map(\.sequence) == [1, 2])
            #expect(comments[0].comment.userProperties["string:Folder"] == .string("INBOX"))
            #expect(try await world.store.rawEmail(bucketID: world.bucket.id, id: world.commentID("a@x"))?.isEmpty == false)
            #expect(try await world.store.usage(integrationID: world.integrationID).map(\.commentsCreated) == [2])

            // The same email seen again changes nothing and takes no sequence number.
            let again = try await world.store.apply(world.batch([world.email("a@x", serverID: "1", folder: "INBOX")]))
            #expect(again == SyncBatchResult(unchanged: 1))
            #expect(try await world.store.comments(sourceID: world.source.id, afterSequence: 2, limit: 10).isEmpty)
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func moveKeepsOneCommentAndTheTextWhicheverFolderSyncsFirst(_ implementation: StoreSuite.Implementation)
        async throws {
        try await StoreSuite.withWorld(implementation) { (world: StoreSuite.World) async throws in
            _ = try await world.store.apply(world.batch([world.email("m@x", serverID: "7", folder: "INBOX")]))
            // The target folder syncs first and reports the email; the text in this copy differs and must be ignored.
            let moved = try await world.store.apply(world.batch(
                [world.email("m@x", serverID: "3", folder: "Archive", body: "rewritten")], folder: "Archive"
            ))
            #expect(moved == SyncBatchResult(updated: 1))
            // Then the source folder reports the old item gone: not a deletion of the comment.
            let removed = try await world.store.apply(world.batch([.removed(serverID: "7")]))
            #expect(removed == SyncBatchResult(removed: 1))
            let stored = try #require(try await world.store.comment(sourceID: world.source.id, id: world.commentID("m@x")))
            #expect(stored.comment.userProperties["string:Folder"] == .string("Archive"))
            #expect(stored.comment.messages[0].body.text == "Hello")
            #expect(stored.sequence == 2)
            #expect(try await world.store.commentCount(sourceID: world.source.id) == 1)
            #expect(try await world.store.locations(bucketID: world.bucket.id, id: world.commentID("m@x"))
                == [EmailLocation(mailboxID: "mb1", folder: "Archive", serverID: "3")])
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func sameEmailInTwoMailboxesIsOneCommentWithTheLastMetadata(_ implementation: StoreSuite.Implementation)
        async throws {
        try await StoreSuite.withWorld(implementation) { (world: StoreSuite.World) async throws in
            _ = try await world.store.apply(world.batch(
                [world.email("s@x", serverID: "1", folder: "INBOX", mailbox: "one@x")], mailbox: "mb1", address: "one@x"
            ))
            let second = try await world.store.apply(world.batch(
                [world.email("s@x", serverID: "9", folder: "Shared", mailbox: "two@x")], mailbox: "mb2",
                address: "two@x", folder: "Shared"
            ))
            #expect(second == SyncBatchResult(updated: 1))
            let stored = try #require(try await world.store.comment(sourceID: world.source.id, id: world.commentID("s@x")))
            #expect(stored.comment.userProperties["string:Mailbox"] == .string("two@x"))
            #expect(stored.comment.userProperties["string:Folder"] == .string("Shared"))
            #expect(try await world.store.commentCount(sourceID: world.source.id) == 1)
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func folderResetForgetsLocationsWithoutDuplicates(_ implementation: StoreSuite.Implementation) async throws {
        try await StoreSuite.withWorld(implementation) { (world: StoreSuite.World) async throws in
            _ = try await world.store.apply(world.batch([world.email("r@x", serverID: "1", folder: "INBOX")]))
            let resync = try await world.store.apply(world.batch(
                [world.email("r@x", serverID: "100", folder: "INBOX")], cursor: "uidvalidity=2", resets: true
            ))
            #expect(resync == SyncBatchResult(unchanged: 1))
            #expect(try await world.store.locations(bucketID: world.bucket.id, id: world.commentID("r@x"))
                == [EmailLocation(mailboxID: "mb1", folder: "INBOX", serverID: "100")])
            #expect(try await world.store.commentCount(sourceID: world.source.id) == 1)
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func attachmentsAreStoredOnlyWhenTheMailboxSyncsThem(_ implementation: StoreSuite.Implementation) async throws {
        try await StoreSuite.withWorld(implementation) { (world: StoreSuite.World) async throws in
            _ = try await world.store.apply(world.batch([
                world.email("with@x", serverID: "1", folder: "INBOX", attachment: true),
                world.email("without@x", serverID: "2", folder: "INBOX", attachment: true, storesAttachments: false),
            ]))
            let with = try #require(try await world.store.comment(sourceID: world.source.id, id: world.commentID("with@x")))
            let reference = try #require(with.comment.attachments.first?.attachmentReference)
            let attachment = try #require(try await world.store.attachment(reference: reference))
            #expect(attachment.content == Array("%PDF-1.4\n".utf8))
            #expect(attachment.name == "report.pdf")
            #expect(attachment.sourceID == world.source.id)
            let without = try #require(
                try await world.store.comment(sourceID: world.source.id, id: world.commentID("without@x"))
            )
            #expect(without.comment.attachments.first?.name == "report.pdf")
            #expect(without.comment.attachments.first?.attachmentReference == nil)
            #expect(try await world.store.attachment(reference: "no-such-reference") == nil)
        }
    }

    /// An API switch forgets the mailbox's cursors and locations, and only that mailbox's; comments stay.
    @Test(arguments: StoreSuite.implementations)
    func resettingSyncStateForgetsCursorsAndLocationsOnly(_ implementation: StoreSuite.Implementation) async throws {
        try await StoreSuite.withWorld(implementation) { (world: StoreSuite.World) async throws in
            _ = try await world.store.apply(world.batch([world.email("r@x", serverID: "1", folder: "INBOX")],
                                                        cursor: "c1"))
            _ = try await world.store.apply(world.batch([world.email("r@x", serverID: "9", folder: "INBOX")],
                                                        mailbox: "mb2", cursor: "k1"))
            try await world.store.resetSyncState(mailboxIDs: ["mb1"])
            #expect(try await world.store.folderCursors(mailboxID: "mb1").isEmpty)
            #expect(try await world.store.folderCursor(mailboxID: "mb2", folder: "INBOX") == "k1")
            let locations = try await world.store.locations(bucketID: world.bucket.id, id: world.commentID("r@x"))
            #expect(locations.map(\.mailboxID) == ["mb2"])
            #expect(try await world.store.comment(sourceID: world.source.id, id: world.commentID("r@x")) != nil)
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func failedBatchLeavesNothingBehind(_ implementation: StoreSuite.Implementation) async throws {
        try await StoreSuite.withWorld(implementation) { (world: StoreSuite.World) async throws in
            var batch = world.batch([world.email("ok@x", serverID: "1", folder: "INBOX")], cursor: "c1")
            batch.bucketID = "no-such-bucket"  // the email insert violates a foreign key after the location insert
            await #expect(throws: (any Error).self) { _ = try await world.store.apply(batch) }
            #expect(try await world.store.folderCursor(mailboxID: "mb1", folder: "INBOX") == nil)
            #expect(try await world.store.locations(bucketID: "no-such-bucket", id: world.commentID("ok@x")).isEmpty)
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func batchesAppliedTogetherGoInOrderAndAllOrNothing(_ implementation: StoreSuite.Implementation) async throws {
        try await StoreSuite.withWorld(implementation) { (world: StoreSuite.World) async throws in
            // Three pages in one transaction: the second moves the first's email, the third removes its old place.
            let result = try await world.store.apply([
                world.batch([world.email("a@x", serverID: "1", folder: "INBOX"),
                             world.email("b@x", serverID: "2", folder: "INBOX")], cursor: "c1"),
                world.batch([world.email("a@x", serverID: "5", folder: "Archive")], folder: "Archive", cursor: "a1"),
                world.batch([.removed(serverID: "1")], cursor: "c2"),
            ])
            #expect(result == SyncBatchResult(created: 2, updated: 1, removed: 1))
            #expect(try await world.store.folderCursor(mailboxID: "mb1", folder: "INBOX") == "c2")
            #expect(try await world.store.folderCursor(mailboxID: "mb1", folder: "Archive") == "a1")
            let comments = try await world.store.comments(sourceID: world.source.id, afterSequence: 0, limit: 10)
            #expect(comments.map(\.comment.id) == [world.commentID("b@x"), world.commentID("a@x")])
            #expect(comments.map(\.sequence) == [2, 3])
            #expect(comments[1].comment.userProperties["string:Folder"] == .string("Archive"))

            // A page that fails undoes the pages before it in the same call.
            var broken = world.batch([world.email("d@x", serverID: "4", folder: "INBOX")], cursor: "c4")
            broken.bucketID = "no-such-bucket"
            await #expect(throws: (any Error).self) {
                _ = try await world.store.apply([
                    world.batch([world.email("c@x", serverID: "3", folder: "INBOX")], cursor: "c3"), broken,
                ])
            }
            #expect(try await world.store.folderCursor(mailboxID: "mb1", folder: "INBOX") == "c2")
            #expect(try await world.store.comment(sourceID: world.source.id, id: world.commentID("c@x")) == nil)
            #expect(try await world.store.comments(sourceID: world.source.id, afterSequence: 3, limit: 10).isEmpty)
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func integrationsKeepSecretsEncryptedAndRoundTrip(_ implementation: StoreSuite.Implementation) async throws {
        try await StoreSuite.withWorld(implementation) { (world: StoreSuite.World) async throws in
            let now = Date(timeIntervalSince1970: 1_700_000_000)
            let integration = Integration(
                id: "int1", owner: "ops", name: "imap", kind: Integration.Kind("imap"),
                connection: ConnectionSettings(
                    fields: ["host": .string("127.0.0.1"), "port": .int(993), "security": .string("tls"),
                             "username": .string("alice")],
                    secrets: ["password": "s3cret-password"]),
                mailboxes: [Mailbox(id: "mb1", email: "alice@example.com", bucketOwner: "ops", bucketName: "mail")],
                createdAt: now, updatedAt: now
            )
            try await world.store.saveIntegration(integration)
            #expect(try await world.store.integration(id: "int1") == integration)
            #expect(try await world.store.integration(owner: "ops", name: "imap")?.connection.secret("password") == "s3cret-password")
            try await world.store.setMailboxEnabled(integrationID: "int1", mailboxID: "mb1", enabled: false,
                                                    reason: .syncError)
            try await world.store.setIntegrationEnabled(id: "int1", enabled: false, reason: nil)
            let disabled = try #require(try await world.store.integration(id: "int1"))
            #expect(disabled.enabled == false && disabled.disabledReason == .user)
            #expect(disabled.mailboxes[0].enabled == false && disabled.mailboxes[0].disabledReason == .syncError)
            var duplicate = integration
            duplicate.id = "int2"
            await #expect(throws: StoreError.self) { try await world.store.saveIntegration(duplicate) }
            try await world.store.deleteIntegration(id: "int1")
            #expect(try await world.store.integrations().isEmpty)
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func errorsAreRecordedInOrder(_ implementation: StoreSuite.Implementation) async throws {
        try await StoreSuite.withWorld(implementation) { (world: StoreSuite.World) async throws in
            let first = IntegrationError(id: "e1", integrationID: "int1", kind: .invalidExchangeCredentials,
                                         errorText: "login failed", fullErrorText: "NO [AUTHENTICATIONFAILED]",
                                         action: .integrationDisabled, createdAt: Date(timeIntervalSince1970: 10))
            let second = IntegrationError(id: "e2", integrationID: "int1", mailboxID: "mb1", kind: .mailboxNotFound,
                                          errorText: "no such mailbox", fullErrorText: "NO",
                                          action: .mailboxDisabled(mailbox: "a@x"), createdAt: Date(timeIntervalSince1970: 20))
            try await world.store.recordError(second)
            try await world.store.recordError(first)
            #expect(try await world.store.errors(integrationID: "int1") == [first, second])
            #expect(try await world.store.errors(integrationID: "other").isEmpty)
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func mailboxUnavailableClockKeepsTheFirstFailureUntilCleared(_ implementation: StoreSuite.Implementation)
        async throws {
        try await StoreSuite.withWorld(implementation) { (world: StoreSuite.World) async throws in
            let first = Date(timeIntervalSince1970: 1_000)
            let later = Date(timeIntervalSince1970: 5_000)
            #expect(try await world.store.mailboxUnavailableSince(mailboxID: "mb1", now: first) == first)
            #expect(try await world.store.mailboxUnavailableSince(mailboxID: "mb1", now: later) == first)
            #expect(try await world.store.mailboxUnavailableSince(mailboxID: "mb2", now: later) == later)
            try await world.store.clearMailboxUnavailable(mailboxID: "mb1")
            #expect(try await world.store.mailboxUnavailableSince(mailboxID: "mb1", now: later) == later)
            #expect(try await world.store.mailboxUnavailableSince(mailboxID: "mb2", now: first) == later)
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func readStateFollowsTheServerWithoutTouchingTheComment(_ implementation: StoreSuite.Implementation)
        async throws {
        try await StoreSuite.withWorld(implementation) { (world: StoreSuite.World) async throws in
            func isRead(_ messageID: String) async throws -> Bool?? {
                try await world.store.emails(bucketID: world.bucket.id, afterID: nil, limit: 10)
                    .first { $0.id == world.commentID(messageID) }.map(\.isRead)
            }
            func email(_ id: String, serverID: String, isRead: Bool?) -> SyncChange {
                guard case .upsert(var incoming) = world.email(id, serverID: serverID, folder: "INBOX") else {
                    preconditionFailure("email() makes upserts")
                }
                incoming.isRead = isRead
                return .upsert(incoming)
            }
            _ = try await world.store.apply(world.batch([
                email("unread@x", serverID: "1", isRead: false), email("unknown@x", serverID: "2", isRead: nil),
            ]))
            #expect(try await isRead("unread@x") == .some(false))
            #expect(try await isRead("unknown@x") == .some(nil))
            let before = try #require(try await world.store.comment(sourceID: world.source.id, id: world.commentID("unread@x")))

            let result = try await world.store.apply(world.batch([.readState(serverID: "1", isRead: true),
                                                                  .readState(serverID: "99", isRead: true)]))
            #expect(result == SyncBatchResult())
            #expect(try await isRead("unread@x") == .some(true))
            // The comment (and so every stream) is untouched: same sequence.
            let after = try #require(try await world.store.comment(sourceID: world.source.id, id: world.commentID("unread@x")))
            #expect(after.sequence == before.sequence)

            // A copy seen again without a state keeps the known one; with one, it wins.
            _ = try await world.store.apply(world.batch([email("unread@x", serverID: "1", isRead: nil)]))
            #expect(try await isRead("unread@x") == .some(true))
            _ = try await world.store.apply(world.batch([email("unread@x", serverID: "1", isRead: false)]))
            #expect(try await isRead("unread@x") == .some(false))
        }
    }
}
