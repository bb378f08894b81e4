/// The official client's answer types (reinfer/cli v0.39.1, `api/src/resources/*.rs`), field by field, as
/// ``ClientShape``s. Each comment names the Rust type; renames (`#[serde(rename)]`) are written as the JSON name.
enum ClientTypes {
    typealias F = ClientField

    // MARK: source.rs, bucket.rs, dataset.rs

    /// `Source`; `_kind` is `SourceKind`, whose `Unknown(_)` takes any string.
    static let source = ClientShape.object([
        "id": .required(.string), "owner": .required(.string), "name": .required(.string),
        "title": .required(.string), "description": .required(.string), "language": .required(.string),
        "should_translate": .required(.bool), "created_at": .required(.dateTime), "updated_at": .required(.dateTime),
        "bucket_id": .optional(.string), "_kind": .required(.string), "email_transform_tag": .optional(.string),
    ])

    /// `Bucket`.
    static let bucket = ClientShape.object([
        "id": .required(.string), "name": .required(.string), "owner": .required(.string),
        "created_at": .required(.dateTime),
    ])

    /// `DatasetFlag` (snake_case unit variants).
    static let datasetFlag = ClientShape.oneOf(["gpt4", "external_moon_llm", "qos", "zero_shot_labels", "ixp"])

    /// `Dataset`: `created`/`last_modified` are the renamed `created_at`/`updated_at`; `_model_config` has a default.
    static let dataset = ClientShape.object([
        "id": .required(.string), "name": .required(.string), "owner": .required(.string),
        "title": .required(.string), "description": .required(.string), "created": .required(.dateTime),
        "last_modified": .required(.dateTime), "model_family": .required(.string),
        "source_ids": .required(.array(.string)), "has_sentiment": .required(.bool),
        "entity_defs": .required(.array(entityDef)), "general_fields": .required(.array(generalFieldDef)),
        "label_defs": .required(.array(labelDef)), "label_groups": .required(.array(labelGroup)),
        "_dataset_flags": .required(.array(datasetFlag)),
        "_model_config": .defaulted(.tagged(tag: "kind", ["cm": [:], "doc_path_ixp": [:], "gpt_ixp": [:]])),
    ])

    /// `EntityDef` (entity_def.rs).
    static let entityDef = ClientShape.object([
        "color": .required(.u32), "id": .required(.string), "inherits_from": .required(.array(.string)),
        "name": .required(.string), "title": .required(.string), "trainable": .required(.bool),
        "_entity_def_flags": .defaulted(.array(.oneOf(["appears_verbatim"]))), "rules": .optional(.anything),
        "instructions": .optional(.string),
    ])

    /// `GeneralFieldDef` (entity_def.rs).
    static let generalFieldDef = ClientShape.object([
        "api_name": .required(.string), "field_type_id": .optional(.string), "field_type_name": .optional(.string),
    ])

    /// `LabelDef` (label_def.rs).
    static let labelDef = ClientShape.object([
        "name": .required(.string), "instructions": .defaulted(.string), "external_id": .optional(.string),
        "pretrained": .optional(.anything), "title": .defaulted(.string), "moon_form": .optional(.anything),
    ])

    /// `LabelGroup` (label_group.rs).
    static let labelGroup = ClientShape.object([
        "name": .required(.string), "label_defs": .defaulted(.array(labelDef)),
    ])

    // MARK: comment.rs, attachments.rs, statistics.rs

    /// `AttachmentMetadata`.
    static let attachment = ClientShape.object([
        "name": .required(.string), "size": .required(.u64), "content_type": .required(.string),
        "attachment_reference": .optional(.string), "content_hash": .optional(.string),
    ])

    /// `MessageBody`, `MessageSignature` (`text` and optional extras) and `MessageSubject`.
    static let messageText = ClientShape.object([
        "text": .required(.string), "translated_from": .optional(.string), "text_markup": .optional(.anything),
        "translated_from_markup": .optional(.anything),
    ])

    /// `Message`.
    static let message = ClientShape.object([
        "body": .required(messageText), "language": .optional(.string), "subject": .optional(messageText),
        "signature": .optional(messageText), "from": .optional(.string), "to": .optional(.array(.string)),
        "cc": .optional(.array(.string)), "bcc": .optional(.array(.string)), "sent_at": .optional(.dateTime),
    ])

    /// `Comment`.
    static let comment = ClientShape.object([
        "id": .required(.string), "uid": .required(.string), "thread_id": .optional(.string),
        "timestamp": .required(.dateTime), "messages": .required(.array(message)),
        "user_properties": .defaulted(.propertyMap), "attachments": .defaulted(.array(attachment)),
        "created_at": .required(.dateTime), "has_annotations": .defaulted(.bool),
    ])

    /// `NewComment` (what `sync-raw-emails` returns with `include_comments`).
    static let newComment = ClientShape.object([
        "id": .required(.string), "thread_id": .optional(.string), "timestamp": .required(.dateTime),
        "messages": .required(.array(message)), "user_properties": .defaulted(.propertyMap),
        "attachments": .defaulted(.array(attachment)),
    ])

    /// `PropertyFilter` and `CommentFilter` (comment.rs): a stream's `comment_filter` as the client reads it back.
    static let propertyFilter = ClientShape.object([
        "one_of": .defaulted(.array(.untagged([.string, .number]))),
        "not_one_of": .defaulted(.array(.untagged([.string, .number]))),
        "domain_not_one_of": .defaulted(.array(.untagged([.string, .number]))),
        "minimum": .optional(.number), "maximum": .optional(.number),
    ])
    static let commentFilter = ClientShape.object([
        "reviewed": .optional(.oneOf(["only_reviewed", "only_unreviewed"])),
        "timestamp": .optional(.object(["minimum": .optional(.dateTime), "maximum": .optional(.dateTime)])),
        "user_properties": .optional(.map(propertyFilter)), "sources": .defaulted(.array(.string)),
        "messages": .optional(.object(["from": .optional(propertyFilter), "to": .optional(propertyFilter)])),
    ])

    /// `statistics::Statistics`; `TimeSeriesEntry` is a date or a number.
    static let statistics = ClientShape.object([
        "num_comments": .required(.number),
        "label_counts": .defaulted(.map(.object(["positive": .required(.number), "negative": .required(.number)]))),
        "label_timeseries": .defaulted(.array(.array(.untagged([.string, .number])))),
    ])

    // MARK: stream.rs

    /// `Stream`: `label_threshold_filter` (renamed `label_filter`) and `model` are options.
    static let stream = ClientShape.object([
        "id": .required(.string), "dataset_id": .required(.string), "name": .required(.string),
        "title": .required(.string), "description": .required(.string), "created_at": .required(.dateTime),
        "updated_at": .required(.dateTime), "comment_filter": .defaulted(commentFilter),
        "label_threshold_filter": .optional(.anything), "model": .optional(.anything),
    ])

    /// `Batch` of the legacy `fetch`, with its `StreamResult`s.
    static let streamBatch = ClientShape.object([
        "results": .required(.array(.object([
            "comment": .required(comment), "sequence_id": .required(.string),
            "labels": .optional(.anything), "entities": .optional(.anything),
        ]))),
        "filtered": .required(.u32), "sequence_id": .required(.string), "is_end_sequence": .required(.bool),
    ])

    // MARK: email.rs, bucket_statistics.rs

    /// `EmailMetadata`: every field an option; `received_at` a plain string.
    static let emailMetadata = ClientShape.object([
        "sensitivity": .optional(.string), "size": .optional(.u64), "categories": .optional(.array(.string)),
        "importance": .optional(.string), "has_attachments": .optional(.bool), "conversation_id": .optional(.string),
        "conversation_topic": .optional(.string), "is_read": .optional(.bool), "folder": .optional(.array(.string)),
        "received_at": .optional(.string),
    ])

    /// `Email` (a bucket's).
    static let email = ClientShape.object([
        "id": .required(.string), "mailbox": .required(.string), "timestamp": .required(.dateTime),
        "mime_content": .required(.string), "metadata": .optional(emailMetadata),
        "attachments": .required(.array(attachment)), "created_at": .optional(.dateTime),
        "updated_at": .optional(.dateTime),
    ])

    /// `bucket_statistics::Statistics`: `count` is `Count`, tagged by `kind`, with an `i32` value.
    static let bucketStatistics = ClientShape.object([
        "count": .required(.tagged(tag: "kind", ["lower_bound": ["value": .required(.signed32)],
                                                 "exact": ["value": .required(.signed32)]])),
    ])

    // MARK: quota.rs, user.rs, auth.rs

    /// `TenantQuotaKind`, read with `FromStr`: an unknown kind fails the whole list.
    static let tenantQuotaKind = ClientShape.oneOf([
        "sources", "sources_per_dataset", "datasets", "datasets_per_source", "labels_per_dataset",
        "entities_per_dataset", "comments", "comments_per_source", "comments_in_ixp_designtime",
        "comments_in_ixp_runtime", "reviewed_comments_per_dataset", "integrations", "mailboxes_per_integration",
        "triggers", "triggers_per_dataset", "users", "alerts", "buckets", "projects", "pinned_models",
        "extraction_predictions",
    ])

    /// `Quota`.
    static let quota = ClientShape.object([
        "hard_limit": .required(.u64), "quota_kind": .required(tenantQuotaKind),
        "current_max_usage": .required(.u64), "auto_increase_up_to": .optional(.u64),
    ])

    /// `User`: permissions are `GlobalPermission` and `ProjectPermission`, which take any string.
    static let user = ClientShape.object([
        "id": .required(.string), "username": .required(.string), "email": .required(.string),
        "created": .required(.dateTime), "global_permissions": .required(.array(.string)),
        "organisation_permissions": .required(.map(.array(.string))),
        "sso_global_permissions": .required(.array(.string)), "verified": .required(.bool),
    ])

    // MARK: Answers (the `…Response` types; the envelope's `status` is checked apart)

    static func wrapping(_ key: String, _ shape: ClientShape) -> ClientShape { .object([key: .required(shape)]) }
    static func list(_ key: String, _ shape: ClientShape) -> ClientShape { wrapping(key, .array(shape)) }

    /// `SyncCommentsResponse`.
    static let syncCounts = ClientShape.object([
        "new": .required(.u64), "updated": .required(.u64), "unchanged": .required(.u64),
    ])
    /// `SyncRawEmailsResponse`.
    static let syncRawEmails = ClientShape.object([
        "new": .required(.u64), "updated": .required(.u64), "unchanged": .required(.u64),
        "comments": .defaulted(.array(newComment)),
    ])
    /// `CommentsIterPage` and `EmailsIterPage`.
    static let commentsPage = ClientShape.object([
        "comments": .required(.array(comment)), "continuation": .optional(.string),
    ])
    static let emailsPage = ClientShape.object([
        "emails": .required(.array(email)), "continuation": .optional(.string),
    ])
    /// `RefreshUserPermissionsResponse`.
    static let refreshPermissions = ClientShape.object(["permissions_refreshed": .optional(.bool)])
    /// `EmptySuccess` (deletes): a struct without fields, which takes any map.
    static let emptySuccess = ClientShape.object([:])
}
