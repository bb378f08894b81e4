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

/// A source with the fields the official client requires: Mailstream neither detects languages nor translates, so
/// `language` is always `en`, `should_translate` false and `_kind` the product's generic `unknown`.
struct SourceView: Encodable {
    let source: Source
    /// The `_kind` of every source: the product's kind for sources that are neither calls, chats nor documents.
    static let kind = "unknown"
    enum Key: String, CodingKey {
        case language, lastModified = "last_modified", sensitiveProperties = "sensitive_properties"
        case shouldTranslate = "should_translate", kind = "_kind"
    }
    func encode(to encoder: any Encoder) throws {
        try source.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode("en", forKey: .language)
        try container.encode(source.updatedAt, forKey: .lastModified)
        try container.encode([String](), forKey: .sensitiveProperties)
        try container.encode(false, forKey: .shouldTranslate)
        try container.encode(Self.kind, forKey: .kind)
    }
}

/// A dataset with the fields the official client requires. Mailstream trains no models, so the taxonomy (labels,
/// label groups, entities, general fields) is empty, `has_sentiment` false, `_dataset_flags` empty and
/// `model_family` is `none`. `created`/`last_modified` repeat `created_at`/`updated_at` under the product's names.
struct DatasetView: Encodable {
    let dataset: Dataset
    /// The `model_family` of every dataset: there is no model.
    static let modelFamily = "none"
    enum Key: String, CodingKey {
        case created, lastModified = "last_modified", modelFamily = "model_family", hasSentiment = "has_sentiment"
        case entityDefs = "entity_defs", generalFields = "general_fields", labelDefs = "label_defs"
        case labelGroups = "label_groups", datasetFlags = "_dataset_flags"
    }
    func encode(to encoder: any Encoder) throws {
        try dataset.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(dataset.createdAt, forKey: .created)
        try container.encode(dataset.updatedAt, forKey: .lastModified)
        try container.encode(Self.modelFamily, forKey: .modelFamily)
        try container.encode(false, forKey: .hasSentiment)
        for key in [Key.entityDefs, .generalFields, .labelDefs, .labelGroups, .datasetFlags] {
            try container.encode([String](), forKey: key)
        }
    }
}


struct StreamView: Encodable {
    let stream: CommentStream
    let filter: CommentFilter
    enum Key: String, CodingKey {
        case id, name, title, description, datasetID = "dataset_id", commentFilter = "comment_filter"
        case createdAt = "created_at", updatedAt = "updated_at"
    }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(stream.id, forKey: .id)
        try container.encode(stream.name, forKey: .name)
        try container.encode(stream.title, forKey: .title)
        try container.encode(stream.description, forKey: .description)
        try container.encode(stream.datasetID, forKey: .datasetID)
        try container.encode(filter, forKey: .commentFilter)
        try container.encode(stream.createdAt, forKey: .createdAt)
        try container.encode(stream.updatedAt, forKey: .updatedAt)
    }
}

/// A bucket's raw email: `{id, mailbox, timestamp, mime_content (base64), metadata: {folder, received_at, is_read,
/// size, has_attachments}, attachments, …}`. The attachments are read from the MIME, as the email's comment lists
/// them (name, size, type, hash; no reference: the bytes are downloaded through a source's comment).
struct EmailView: Encodable {
    let email: StoredEmail
    enum Key: String, CodingKey {
        case id, mailbox, timestamp, metadata, attachments
        case mimeContent = "mime_content"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
    enum MetadataKey: String, CodingKey {
        case folder, size
        case receivedAt = "received_at"
        case isRead = "is_read"
        case hasAttachments = "has_attachments"
    }
    enum AttachmentKey: String, CodingKey {
        case name, size, contentType = "content_type", contentHash = "content_hash"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        let attachments = EmailToComment.convert(email.raw).comment.attachments
        try container.encode(email.id, forKey: .id)
        // The client's type needs a string: "" when no mailbox ever reported the email.
        try container.encode(email.mailbox ?? "", forKey: .mailbox)
        try container.encode(email.receivedAt ?? email.createdAt, forKey: .timestamp)
        try container.encode(Data(email.raw).base64EncodedString(), forKey: .mimeContent)
        var metadata = container.nestedContainer(keyedBy: MetadataKey.self, forKey: .metadata)
        try metadata.encode(email.folder.map { $0.split(separator: "/").map(String.init) } ?? [], forKey: .folder)
        try metadata.encode(email.receivedAt, forKey: .receivedAt)
        try metadata.encode(email.isRead, forKey: .isRead)
        try metadata.encode(email.raw.count, forKey: .size)
        try metadata.encode(!attachments.isEmpty, forKey: .hasAttachments)
        var list = container.nestedUnkeyedContainer(forKey: .attachments)
        for attachment in attachments {
            var item = list.nestedContainer(keyedBy: AttachmentKey.self)
            try item.encode(attachment.name, forKey: .name)
            try item.encode(attachment.size, forKey: .size)
            try item.encode(attachment.contentType, forKey: .contentType)
            try item.encodeIfPresent(attachment.contentHash, forKey: .contentHash)
        }
        try container.encode(email.createdAt, forKey: .createdAt)
        try container.encode(email.updatedAt, forKey: .updatedAt)
    }
}

/// A quota as the official client reads it: `quota_kind` and an integer `hard_limit`, where no limit is the largest
/// limit one can set (2^53 - 1) and `unlimited` says so. `kind` repeats `quota_kind`.
struct QuotaView: Encodable {
    let quota: Quota
    enum Key: String, CodingKey {
        case kind, quotaKind = "quota_kind", hardLimit = "hard_limit", currentMaxUsage = "current_max_usage"
        case unlimited
    }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(quota.kind.rawValue, forKey: .kind)
        try container.encode(quota.kind.rawValue, forKey: .quotaKind)
        try container.encode(quota.hardLimit ?? QuotaRoutes.maximumLimit, forKey: .hardLimit)
        try container.encode(quota.currentUsage, forKey: .currentMaxUsage)
        try container.encode(quota.hardLimit == nil, forKey: .unlimited)
    }
}
