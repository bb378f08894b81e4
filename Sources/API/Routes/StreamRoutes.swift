import Domain
import Foundation
import Hummingbird
import Store

/// Streams on datasets: a consumer reads `results` (the same batch until it advances), then `advance`s past them;
/// `reset` replays from a creation time. Delivery is at-least-once and gap-free: the position only moves past
/// comments already returned (or filtered out), in each source's sequence order.
struct StreamRoutes {
    let store: any Store
    static let maximumResults = 1_024

    struct CreateBody: Decodable {
        struct Fields: Decodable {
            var name: String
            var title: String?
            var description: String?
            var commentFilter: CommentFilter?
            /// The product's `comment_filter.reviewed`: Mailstream has no reviewed comments, so it is refused.
            var reviewed: String?
            /// The product's label model with thresholds: Mailstream has none, so it is refused.
            var model: AnyJSON?
            enum CodingKeys: String, CodingKey {
                case name, title, description, model, commentFilter = "comment_filter"
            }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                name = try container.decode(String.self, forKey: .name)
                title = try container.decodeIfPresent(String.self, forKey: .title)
                description = try container.decodeIfPresent(String.self, forKey: .description)
                commentFilter = try container.decodeIfPresent(CommentFilter.self, forKey: .commentFilter)
                reviewed = try container.decodeIfPresent(SourceStatisticsRoutes.Body.Reviewed.self,
                                                         forKey: .commentFilter)?.reviewed
                model = try container.decodeIfPresent(AnyJSON.self, forKey: .model)
            }

            func check() throws(APIError) {
                try checkName(name, field: "stream.name")
                try checkText(title, .title, field: "stream.title")
                try checkText(description, .description, field: "stream.description")
                try CatalogueBodies.neutral(reviewed, [], field: "stream.comment_filter.reviewed",
                                            "Mailstream has no reviewed comments")
                try CatalogueBodies.neutral(model, [], field: "stream.model",
                                            "Mailstream has no models to predict labels with")
            }
        }
        var stream: Fields
    }

    struct AdvanceBody: Decodable {
        var sequenceID: String
        enum CodingKeys: String, CodingKey { case sequenceID = "sequence_id" }
    }

    struct ResetBody: Decodable {
        var toCommentCreatedAt: Date
        enum CodingKeys: String, CodingKey { case toCommentCreatedAt = "to_comment_created_at" }
    }

    struct FetchBody: Decodable {
        var size: Int?
    }

    struct Result: Encodable {
        let comment: StoredCommentView
        let continuation: String
    }

    struct FetchResult: Encodable {
        let comment: StoredCommentView
        let sequenceID: String
        enum CodingKeys: String, CodingKey { case comment, sequenceID = "sequence_id" }
    }

    func add(to router: Router<APIContext>) {
        let streams = router.group("api/v1/datasets/:owner/:name/streams")
        streams.put { request, context in
            let dataset = try await CatalogueRoutes.dataset(context, .triggersWrite, store: store)
            let fields = try await JSONBody.decode(CreateBody.self, from: request, context: context).stream
            try fields.check()
            let filter = fields.commentFilter ?? CommentFilter()
            try filter.validate()
            let text = String(decoding: try JSONCoding.encoder().encode(filter), as: UTF8.self)
            let stream = try await store.createStream(CommentStream(
                id: "", datasetID: dataset.id, name: fields.name, title: fields.title ?? fields.name,
                description: fields.description ?? "", filter: text, createdAt: Date(), updatedAt: Date()
            ))
            return try JSONBody.ok("stream", StreamView(stream: stream, filter: filter))
        }
        streams.get { _, context in
            let dataset = try await CatalogueRoutes.dataset(context, .triggersRead, store: store)
            let list = try await store.streams(datasetID: dataset.id)
            return try JSONBody.ok("streams", try list.map { StreamView(stream: $0, filter: try Self.filter($0)) })
        }
        streams.get(":stream") { _, context in
            let (_, stream) = try await stream(context, .triggersRead)
            return try JSONBody.ok("stream", StreamView(stream: stream, filter: try Self.filter(stream)))
        }
        streams.delete(":stream") { _, context in
            let (_, stream) = try await stream(context, .triggersWrite)
            try await store.deleteStream(id: stream.id)
            return try JSONBody.ok()
        }
        streams.get(":stream/results") { request, context in
            let (dataset, stream) = try await stream(context, .triggersConsume)
            let size = try CommentRoutes.integer(request.uri.queryParameters["max_results"].map(String.init),
                                                 field: "max_results", default: 16, range: 1...Self.maximumResults)
            let batch = try await batch(dataset, stream, size: size)
            // Each result's continuation acknowledges it and everything before it.
            var results: [Result] = []
            var position = stream.position
            for stored in batch.comments {
                position[stored.sourceID] = stored.sequence
                results.append(Result(comment: StoredCommentView(stored: stored), continuation: position.token))
            }
            return try JSONBody.ok(["results": results, "more_results": batch.moreResults,
                                    "continuation": batch.next.token])
        }
        streams.post(":stream/fetch") { request, context in
            let (dataset, stream) = try await stream(context, .triggersConsume)
            let body = try await JSONBody.decode(FetchBody.self, from: request, context: context)
            guard (1...Self.maximumResults).contains(body.size ?? 16) else {
                throw APIError(.badRequest, "must be from 1 to \(Self.maximumResults)", field: "size")
            }
            let batch = try await batch(dataset, stream, size: body.size ?? 16)
            var position = stream.position
            let results = batch.comments.map { stored in
                position[stored.sourceID] = stored.sequence
                return FetchResult(comment: StoredCommentView(stored: stored), sequenceID: position.token)
            }
            return try JSONBody.ok(["filtered": batch.filtered, "sequence_id": batch.next.token,
                                    "is_end_sequence": !batch.moreResults, "results": results])
        }
        streams.post(":stream/advance") { request, context in
            let (dataset, stream) = try await stream(context, .triggersConsume)
            let body = try await JSONBody.decode(AdvanceBody.self, from: request, context: context)
            guard let position = StreamPosition(token: body.sequenceID) else {
                throw APIError(.badRequest, "not a sequence id or continuation of this stream", field: "sequence_id")
            }
            // Only this dataset's sources, and never backwards: an old continuation can't rewind (use reset).
            // One mover per stream: with a webhook target, the deliverer advances it on each 2xx.
            if try await store.webhook(streamID: stream.id) != nil {
                throw APIError(.conflict, "stream \(stream.name) has a webhook target, which advances it when the "
                               + "receiver accepts a batch; delete the webhook to advance it through the API")
            }
            var next = stream.position
            for (source, sequence) in position.sequences where dataset.sourceIDs.contains(source) {
                next[source] = max(next[source], sequence)
            }
            try await store.setStreamPosition(id: stream.id, position: next)
            return try JSONBody.ok()
        }
        streams.post(":stream/reset") { request, context in
            let (dataset, stream) = try await stream(context, .triggersConsume)
            let body = try await JSONBody.decode(ResetBody.self, from: request, context: context)
            let position = try await store.streamPosition(sourceIDs: dataset.sourceIDs,
                                                          createdAt: body.toCommentCreatedAt)
            try await store.setStreamPosition(id: stream.id, position: position)
            return try JSONBody.ok()
        }
    }

    private func stream(_ context: APIContext, _ permission: Permission) async throws -> (Dataset, CommentStream) {
        let dataset = try await CatalogueRoutes.dataset(context, permission, store: store)
        let name = try context.parameter("stream")
        guard let stream = try await store.stream(datasetID: dataset.id, name: name) else {
            throw APIError.notFound("stream \(name)")
        }
        return (dataset, stream)
    }

    private func batch(_ dataset: Dataset, _ stream: CommentStream, size: Int) async throws -> StreamBatch {
        try await store.streamBatch(sourceIDs: dataset.sourceIDs, after: stream.position, limit: size,
                                    filter: try Self.filter(stream))
    }

    static func filter(_ stream: CommentStream) throws -> CommentFilter {
        try JSONCoding.decoder().decode(CommentFilter.self, from: Data(stream.filter.utf8))
    }
}
