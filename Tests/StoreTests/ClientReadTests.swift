import Domain
import Foundation
import Store
import Testing

/// What the Communications Mining client reads besides lists: counts by time (its progress bars), one raw email by
/// id, a bucket's size, and a stream's description.
@Suite struct ClientReadTests {
    @Test(arguments: StoreSuite.implementations)
    func commentCountTakesBothTimeBoundsInclusively(_ implementation: StoreSuite.Implementation) async throws {
        try await StoreSuite.withWorld(implementation) { (world: StoreSuite.World) async throws in
            let source = try await world.store.createSource(owner: "ops", name: "pushed", bucketID: nil)
            let base = Date(timeIntervalSince1970: 1_736_158_500)
            let comments = (0..<4).map { index in
                Comment(id: "c\(index)", timestamp: base.addingTimeInterval(Double(index) * 60),
                        messages: [CommentMessage(body: .init("text \(index)"))])
            }
            _ = try await world.store.syncComments(sourceID: source.id, comments: comments)
            let store = world.store
            #expect(try await store.commentCount(sourceID: source.id, from: nil, through: nil) == 4)
            #expect(try await store.commentCount(sourceID: source.id, from: base.addingTimeInterval(60),
                                                 through: base.addingTimeInterval(120)) == 2)
            #expect(try await store.commentCount(sourceID: source.id, from: base.addingTimeInterval(61),
                                                 through: nil) == 2)
            #expect(try await store.commentCount(sourceID: source.id, from: nil,
                                                 through: base.addingTimeInterval(-1)) == 0)
            #expect(try await store.commentCount(sourceID: world.source.id, from: nil, through: nil) == 0)
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func oneEmailByIdAndTheBucketsCount(_ implementation: StoreSuite.Implementation) async throws {
        try await StoreSuite.withWorld(implementation) { (world: StoreSuite.World) async throws in
            _ = try await world.store.apply(world.batch([
                world.email("a@x", serverID: "1", folder: "INBOX"), world.email("b@x", serverID: "2", folder: "INBOX"),
            ]))
            #expect(try await world.store.emailCount(bucketID: world.bucket.id) == 2)
            let id = world.commentID("b@x")
            let email = try #require(try await world.store.email(bucketID: world.bucket.id, id: id))
            #expect(email.id == id)
            #expect(email.folder == "INBOX")
            #expect(email.raw == (try await world.store.rawEmail(bucketID: world.bucket.id, id: id)))
            #expect(try await world.store.email(bucketID: world.bucket.id, id: "missing") == nil)
            let other = try await world.store.createBucket(owner: "ops", name: "other", title: "Other")
            #expect(try await world.store.email(bucketID: other.id, id: id) == nil)
            #expect(try await world.store.emailCount(bucketID: other.id) == 0)
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func streamKeepsItsDescription(_ implementation: StoreSuite.Implementation) async throws {
        try await StoreSuite.withWorld(implementation) { (world: StoreSuite.World) async throws in
            let dataset = try await world.store.createDataset(Dataset(
                id: "", owner: "ops", name: "all", sourceIDs: [world.source.id], createdAt: Date(), updatedAt: Date()
            ))
            let created = try await world.store.createStream(CommentStream(
                id: "", datasetID: dataset.id, name: "bot", title: "Bot", description: "Invoices for the bot",
                createdAt: Date(), updatedAt: Date()
            ))
            let read = try await world.store.stream(datasetID: dataset.id, name: "bot")
            #expect(read?.description == "Invoices for the bot")
            #expect(read == created)
        }
    }
}
