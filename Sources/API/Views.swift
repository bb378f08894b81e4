import Domain
import Foundation
import Store

/// Objects as the API shows them: the stored values plus the fields Communications Mining clients read.
struct BucketView: Encodable {
    let bucket: Bucket
    enum Key: String, CodingKey { case bucketType = "bucket_type" }
    func encode(to encoder: any Encoder) throws {
        try bucket.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode("emails", forKey: .bucketType)
    }
}

struct SourceView: Encodable {
    let source: Source
    enum Key: String, CodingKey {
        case language, lastModified = "last_modified", sensitiveProperties = "sensitive_properties"
    }
    func encode(to encoder: any Encoder) throws {
        try source.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode("en", forKey: .language)
        try container.encode(source.updatedAt, forKey: .lastModified)
        try container.encode([String](), forKey: .sensitiveProperties)
    }
}

struct CommentView: Encodable {
    let stored: StoredComment
    enum Key: String, CodingKey {
        case uid, sourceID = "source_id", createdAt = "created_at", lastModified = "last_modified"
    }
    func encode(to encoder: any Encoder) throws {
        try stored.comment.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode("\(stored.sourceID).\(stored.comment.id)", forKey: .uid)
        try container.encode(stored.sourceID, forKey: .sourceID)
        try container.encode(stored.createdAt, forKey: .createdAt)
        try container.encode(stored.updatedAt, forKey: .lastModified)
    }
}

struct StreamView: Encodable {
    let stream: CommentStream
    let filter: CommentFilter
    enum Key: String, CodingKey {
        case id, name, title, datasetID = "dataset_id", commentFilter = "comment_filter", createdAt = "created_at"
        case updatedAt = "updated_at"
    }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(stream.id, forKey: .id)
        try container.encode(stream.name, forKey: .name)
        try container.encode(stream.title, forKey: .title)
        try container.encode(stream.datasetID, forKey: .datasetID)
        try container.encode(filter, forKey: .commentFilter)
        try container.encode(stream.createdAt, forKey: .createdAt)
        try container.encode(stream.updatedAt, forKey: .updatedAt)
    }
}

/// A bucket's raw email: `{id, mailbox, timestamp, mime_content (base64), metadata: {folder, received_at, is_read},
/// …}`.
struct EmailView: Encodable {
    let email: StoredEmail
    enum Key: String, CodingKey {
        case id, mailbox, timestamp, metadata
        case mimeContent = "mime_content"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
    enum MetadataKey: String, CodingKey {
        case folder
        case receivedAt = "received_at"
        case isRead = "is_read"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(email.id, forKey: .id)
        try container.encode(email.mailbox, forKey: .mailbox)
        try container.encode(email.receivedAt ?? email.createdAt, forKey: .timestamp)
        try container.encode(Data(email.raw).base64EncodedString(), forKey: .mimeContent)
        var metadata = container.nestedContainer(keyedBy: MetadataKey.self, forKey: .metadata)
        try metadata.encode(email.folder.map { $0.split(separator: "/").map(String.init) } ?? [], forKey: .folder)
        try metadata.encode(email.receivedAt, forKey: .receivedAt)
        try metadata.encode(email.isRead, forKey: .isRead)
        try container.encode(email.createdAt, forKey: .createdAt)
        try container.encode(email.updatedAt, forKey: .updatedAt)
    }
}
