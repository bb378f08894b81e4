import Domain
import Foundation

/// The body of a stream delivery, in the Standard Webhooks envelope (`type`, `timestamp`, `data`); `data` is
/// what `POST …/streams/<stream>/fetch` answers for the same batch: each result's comment (as the API shows it)
/// with the `sequence_id` that acknowledges it, the `sequence_id` after the batch and the number filtered out.
struct StreamWebhookPayload: Encodable {
    static let type = "stream.results"

    let dataset: Dataset
    let stream: CommentStream
    let batch: StreamBatch
    let takenAt: Date

    enum Key: String, CodingKey { case type, timestamp, data }
    enum DataKey: String, CodingKey {
        case dataset, stream, results, filtered, sequenceID = "sequence_id", isEndSequence = "is_end_sequence"
    }
    enum ResultKey: String, CodingKey { case comment, sequenceID = "sequence_id" }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(Self.type, forKey: .type)
        try container.encode(takenAt, forKey: .timestamp)
        var data = container.nestedContainer(keyedBy: DataKey.self, forKey: .data)
        try data.encode("\(dataset.owner)/\(dataset.name)", forKey: .dataset)
        try data.encode(stream.name, forKey: .stream)
        try data.encode(batch.filtered, forKey: .filtered)
        try data.encode(batch.next.token, forKey: .sequenceID)
        try data.encode(!batch.moreResults, forKey: .isEndSequence)
        var results = data.nestedUnkeyedContainer(forKey: .results)
        var position = stream.position
        for stored in batch.comments {
            position[stored.sourceID] = stored.sequence
            var result = results.nestedContainer(keyedBy: ResultKey.self)
            try result.encode(StoredCommentView(stored: stored), forKey: .comment)
            try result.encode(position.token, forKey: .sequenceID)
        }
    }

    func data() throws -> Data { try JSONCoding.encoder().encode(self) }
}
