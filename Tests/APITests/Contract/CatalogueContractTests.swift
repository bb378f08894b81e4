import Foundation
import Hummingbird
import Testing

/// The official client's catalogue workflows, call by call as its commands make them (reinfer/cli
/// `cli/src/commands/{create,get,delete}`): each request built as the client builds it, each answer read as its
/// types read it. Every command first reads `GET /auth/user`; `re create …` then posts
/// `/auth/refresh-user-permissions`.
@Suite struct CatalogueContractTests {
    typealias R = ClientRequest
    typealias T = ClientTypes

    @Test func createListGetAndDeleteAsTheClientDoes() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.runLive { client in
            let api = ContractClient(client: client)
            try await api.send(.get, R.path("auth", "user"), expecting: T.wrapping("user", T.user))
            try await api.send(.post, R.path("auth", "refresh-user-permissions"), body: "{}",
                               expecting: T.refreshPermissions)

            // re create bucket ops/mail --title Mail
            let bucket = try await api.send(.put, R.path("api", "_private", "buckets", "ops/mail"),
                                            body: #"{"bucket":{"bucket_type":"emails","title":"Mail"}}"#,
                                            expecting: T.wrapping("bucket", T.bucket))
            let bucketID = try #require(value(bucket, "bucket", "id") as? String)
            #expect(bucketID.allSatisfy { $0.isHexDigit }, "the client takes an all-hex argument for an id")

            // re create source ops/pushed --title Pushed --description … --bucket ops/mail
            try await api.send(.get, R.path("api", "_private", "buckets", "ops/mail"),
                               expecting: T.wrapping("bucket", T.bucket))
            let source = try await api.send(
                .put, R.path("api", "v1", "sources", "ops/pushed"),
                body: #"{"source":{"title":"Pushed","description":"Pushed by a bot","bucket_id":"\#(bucketID)"}}"#,
                expecting: T.wrapping("source", T.source))
            let sourceID = try #require(value(source, "source", "id") as? String)
            #expect(value(source, "source", "bucket_id") as? String == bucketID)
            #expect(value(source, "source", "should_translate") as? Bool == false)

            // re update source ops/pushed --title …: `bucket_id` is always sent, null when not changed.
            let updated = try await api.send(.post, R.path("api", "v1", "sources", "ops/pushed"),
                                             body: #"{"source":{"title":"Pushed mail","bucket_id":null}}"#,
                                             expecting: T.wrapping("source", T.source))
            #expect(value(updated, "source", "title") as? String == "Pushed mail")
            #expect(value(updated, "source", "bucket_id") as? String == bucketID)

            // re create dataset ops/support --source ops/pushed
            try await api.send(.get, R.path("api", "v1", "sources", "ops/pushed"),
                               expecting: T.wrapping("source", T.source))
            let dataset = try await api.send(
                .put, R.path("api", "v1", "datasets", "ops/support"),
                body: #"{"dataset":{"source_ids":["\#(sourceID)"],"title":"Support","has_sentiment":false}}"#,
                expecting: T.wrapping("dataset", T.dataset))
            let datasetID = try #require(value(dataset, "dataset", "id") as? String)
            #expect(value(dataset, "dataset", "source_ids") as? [String] == [sourceID])
            #expect(value(dataset, "dataset", "title") as? String == "Support")

            // re update dataset ops/support --title …: only the fields given (`entity_defs` is left out empty).
            let renamed = try await api.send(.post, R.path("api", "v1", "datasets", "ops/support"),
                                             body: #"{"dataset":{"title":"Support desk"}}"#,
                                             expecting: T.wrapping("dataset", T.dataset))
            #expect(value(renamed, "dataset", "title") as? String == "Support desk")
            #expect(value(renamed, "dataset", "source_ids") as? [String] == [sourceID])

            // re create streams --dataset ops/support --file streams.jsonl --model-version 0
            try await api.send(.get, R.path("api", "v1", "datasets", "ops/support"),
                               expecting: T.wrapping("dataset", T.dataset))
            let stream = try await api.send(
                .put, R.path("api", "v1", "datasets", "ops/support", "streams"),
                body: #"{"stream":{"name":"bot","title":"Bot","description":"Invoices for the bot","#
                    + #""comment_filter":{"user_properties":{"string:Folder":{"one_of":["INBOX"]}}}}}"#,
                expecting: T.wrapping("stream", T.stream))
            #expect(value(stream, "stream", "description") as? String == "Invoices for the bot")

            // re get sources | buckets | datasets | streams | quotas, each listed, by name and by id.
            let sources = try await api.send(.get, R.path("api", "v1", "sources"),
                                             expecting: T.list("sources", T.source))
            #expect((value(sources, "sources") as? [Any])?.count == 1)
            try await api.send(.get, R.path("api", "_private", "buckets"), expecting: T.list("buckets", T.bucket))
            try await api.send(.get, R.path("api", "v1", "sources", "id:\(sourceID)"),
                               expecting: T.wrapping("source", T.source))
            try await api.send(.get, R.path("api", "_private", "buckets", "id:\(bucketID)"),
                               expecting: T.wrapping("bucket", T.bucket))
            try await api.send(.get, R.path("api", "v1", "datasets"), expecting: T.list("datasets", T.dataset))
            let byID = try await api.send(.get, R.path("api", "v1", "datasets", "id:\(datasetID)"),
                                          expecting: T.wrapping("dataset", T.dataset))
            #expect(value(byID, "dataset", "name") as? String == "support")
            let streams = try await api.send(.get, R.path("api", "v1", "datasets", "ops/support", "streams"),
                                             expecting: T.list("streams", T.stream))
            #expect(value(streams, "streams", 0, "name") as? String == "bot")
            try await api.send(.get, R.path("api", "v1", "datasets", "ops/support", "streams", "bot"),
                               expecting: T.wrapping("stream", T.stream))
            let quotas = try await api.send(.get, R.path("api", "_private", "quotas"),
                                            expecting: T.list("quotas", T.quota))
            #expect((value(quotas, "quotas") as? [Any])?.count == 4)

            // re delete dataset <id>; re delete source ops/pushed (by name: get it, then delete its id);
            // re delete bucket <id>. DeleteContractTests takes each kind both ways.
            try await api.send(.delete, R.path("api", "v1", "datasets", "id:\(datasetID)"), expecting: T.emptySuccess)
            try await api.send(.get, R.path("api", "v1", "sources", "ops/pushed"),
                               expecting: T.wrapping("source", T.source))
            try await api.send(.delete, R.path("api", "v1", "sources", "id:\(sourceID)"), expecting: T.emptySuccess)
            try await api.send(.delete, R.path("api", "_private", "buckets", "id:\(bucketID)"),
                               expecting: T.emptySuccess)
            try await api.refused(.get, R.path("api", "v1", "sources", "id:\(sourceID)"), status: .notFound)
            try await api.refused(.get, R.path("api", "v1", "datasets", "ops/support"), status: .notFound)
            try await api.refused(.get, R.path("api", "_private", "buckets", "ops/mail"), status: .notFound)
        }
    }

    /// Fields for what Mailstream doesn't have are taken with the neutral value it answers, and refused otherwise,
    /// naming the field; nothing is half done.
    /// A field for what Mailstream lacks, with a value it can't honour.
    struct Refusal: Sendable, CustomTestStringConvertible {
        let collection: String
        let name: String
        let field: String
        let body: String
        var testDescription: String { field }
    }

    static let refusals: [Refusal] = [
        Refusal(collection: "sources", name: "ops/s", field: "source.language",
                body: #"{"source":{"language":"de"}}"#),
        Refusal(collection: "sources", name: "ops/s", field: "source.should_translate",
                body: #"{"source":{"should_translate":true}}"#),
        Refusal(collection: "sources", name: "ops/s", field: "source._kind",
                body: #"{"source":{"_kind":"chat"}}"#),
        Refusal(collection: "sources", name: "ops/s", field: "source.email_transform_tag",
                body: #"{"source":{"email_transform_tag":"generic.0.CONVKER5"}}"#),
        Refusal(collection: "sources", name: "ops/s", field: "source.sensitive_properties",
                body: #"{"source":{"sensitive_properties":["Sender"]}}"#),
        Refusal(collection: "datasets", name: "ops/d", field: "dataset.has_sentiment",
                body: #"{"dataset":{"source_ids":[],"has_sentiment":true}}"#),
        Refusal(collection: "datasets", name: "ops/d", field: "dataset.label_defs",
                body: #"{"dataset":{"source_ids":[],"label_defs":[{"name":"Urgent"}]}}"#),
        Refusal(collection: "datasets", name: "ops/d", field: "dataset.model_family",
                body: #"{"dataset":{"source_ids":[],"model_family":"english"}}"#),
        Refusal(collection: "datasets", name: "ops/d", field: "dataset._dataset_flags",
                body: #"{"dataset":{"source_ids":[],"_dataset_flags":["gpt4"]}}"#),
    ]

    @Test(arguments: refusals)
    func unsupportedValuesAreRefusedByName(_ refusal: Refusal) async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.runLive { client in
            let path = R.path("api", "v1", refusal.collection, refusal.name)
            let answer = try await client.call(.put, path, raw: Array(refusal.body.utf8))
            #expect(answer.status == .badRequest, "\(answer.message)")
            #expect(answer.json["field"] as? String == refusal.field)
            #expect(try await client.call(.get, path).status == .notFound)
        }
    }

    @Test func neutralValuesAreAccepted() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.runLive { client in
            let api = ContractClient(client: client)
            try await api.send(.put, R.path("api", "v1", "sources", "ops/s"),
                               body: #"{"source":{"language":"en","should_translate":false,"_kind":"unknown"}}"#,
                               expecting: T.wrapping("source", T.source))
            try await api.send(.put, R.path("api", "v1", "datasets", "ops/d"),
                               body: #"{"dataset":{"source_ids":[],"has_sentiment":false,"label_defs":[],"#
                                   + #""model_family":"none"}}"#,
                               expecting: T.wrapping("dataset", T.dataset))
            try await api.refused(.put, R.path("api", "v1", "datasets", "ops/d", "streams"),
                                  body: #"{"stream":{"name":"s","model":{"version":3,"label_thresholds":[]}}}"#,
                                  status: .badRequest)
            try await api.refused(.put, R.path("api", "v1", "datasets", "ops/d", "streams"),
                                  body: #"{"stream":{"name":"s","comment_filter":{"reviewed":"only_reviewed"}}}"#,
                                  status: .badRequest)
        }
    }
}
