import Foundation
import Hummingbird
import Testing

/// `re delete bucket | source | dataset <name or id>`: the client's `delete_*` takes an id as it is, and for a name
/// first gets the object by `owner%2Fname` and then deletes its `id:<id>`. The answer is read as `EmptySuccess`;
/// a 404 is an error unless the client was retrying (the object went on an earlier try).
@Suite struct DeleteContractTests {
    typealias R = ClientRequest
    typealias T = ClientTypes

    struct Deletion: Sendable, CustomTestStringConvertible {
        /// The path segments before the name: `api/_private/buckets`, `api/v1/sources`, `api/v1/datasets`.
        let collection: [String]
        let key: String
        let name: String
        let byName: Bool
        var testDescription: String { "\(key) by \(byName ? "name" : "id")" }
    }

    static let deletions: [Deletion] = [true, false].flatMap { byName in
        [
            Deletion(collection: ["api", "_private", "buckets"], key: "bucket", name: "ops/mail", byName: byName),
            Deletion(collection: ["api", "v1", "sources"], key: "source", name: "ops/pushed", byName: byName),
            Deletion(collection: ["api", "v1", "datasets"], key: "dataset", name: "ops/support", byName: byName),
        ]
    }

    @Test(arguments: deletions)
    func deleteAsTheClientDoes(_ deletion: Deletion) async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.runLive { client in
            let api = ContractClient(client: client)
            // The three objects as `re create` makes them: a bucket, a source on it, a dataset of the source.
            let bucket = try await api.send(.put, R.path("api", "_private", "buckets", "ops/mail"),
                                            body: #"{"bucket":{"bucket_type":"emails"}}"#,
                                            expecting: T.wrapping("bucket", T.bucket))
            let bucketID = try #require(value(bucket, "bucket", "id") as? String)
            let source = try await api.send(.put, R.path("api", "v1", "sources", "ops/pushed"),
                                            body: #"{"source":{"bucket_id":"\#(bucketID)"}}"#,
                                            expecting: T.wrapping("source", T.source))
            let sourceID = try #require(value(source, "source", "id") as? String)
            let dataset = try await api.send(
                .put, R.path("api", "v1", "datasets", "ops/support"),
                body: #"{"dataset":{"source_ids":["\#(sourceID)"],"has_sentiment":false}}"#,
                expecting: T.wrapping("dataset", T.dataset))
            let created = ["bucket": bucket, "source": source, "dataset": dataset]
            let shape = ["bucket": T.bucket, "source": T.source, "dataset": T.dataset][deletion.key] ?? .anything

            var id = try #require(value(created[deletion.key] ?? [:], deletion.key, "id") as? String)
            if deletion.byName {
                let found = try await api.send(.get, R.path(deletion.collection + [deletion.name]),
                                               expecting: T.wrapping(deletion.key, shape))
                id = try #require(value(found, deletion.key, "id") as? String)
            }
            let byID = R.path(deletion.collection + ["id:\(id)"])
            try await api.send(.delete, byID, expecting: T.emptySuccess)

            try await api.refused(.get, R.path(deletion.collection + [deletion.name]), status: .notFound)
            try await api.refused(.get, byID, status: .notFound)
            try await api.refused(.delete, byID, status: .notFound)
            // The other two stay.
            for (key, collection) in [("bucket", ["api", "_private", "buckets"]), ("source", ["api", "v1", "sources"]),
                                      ("dataset", ["api", "v1", "datasets"])] where key != deletion.key {
                let listed = try await api.send(.get, R.path(collection), expecting: T.list(key + "s", .anything))
                #expect((value(listed, key + "s") as? [Any])?.count == 1, "\(key)s after deleting a \(deletion.key)")
            }
        }
    }
}
