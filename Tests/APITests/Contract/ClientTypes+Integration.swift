/// The official client's integration types (`api/src/resources/integration.rs`, v0.39.1).
extension ClientTypes {
    /// `Connection`: `access` and `application` are `#[serde(tag = "kind")]` enums of one variant each.
    static let integrationConnection = ClientShape.object([
        "access": .required(.tagged(tag: "kind", ["user_access": ["username": .required(.string)]])),
        "application": .required(.tagged(tag: "kind", ["custom": [
            "client_id": .required(.string), "tenant_id": .required(.string),
        ]])),
        "ews_endpoint": .optional(.string), "build_version": .optional(.string),
    ])

    /// `Mailbox` and its `BucketSpecification` (whose `title` is a plain `String`).
    static let integrationMailbox = ClientShape.object([
        "disabled_reason": .optional(.oneOf(["user", "quota", "sync_error"])), "email": .required(.string),
        "enabled": .required(.bool), "folder_allowlist": .optional(.array(.array(.string))),
        "folder_denylist": .optional(.array(.array(.string))), "participant_allowlist": .optional(.array(.string)),
        "participant_denylist": .optional(.array(.string)),
        "participant_domain_allowlist": .optional(.array(.string)),
        "participant_domain_denylist": .optional(.array(.string)), "start_timestamp": .optional(.dateTime),
        "bucket_specification": .required(.object([
            "project_name": .required(.string), "name": .required(.string), "title": .required(.string),
        ])),
    ])

    /// `Integration`: `type` is `IntegrationType`, whose one variant is `exchange_online`.
    static let integration = ClientShape.object([
        "id": .required(.string), "owner": .required(.string), "name": .required(.string),
        "title": .required(.string), "type": .required(.oneOf(["exchange_online"])),
        "created_at": .required(.dateTime), "updated_at": .required(.dateTime), "enabled": .required(.bool),
        "disabled_reason": .optional(.oneOf(["user", "quota", "sync_error"])),
        "configuration": .required(.object([
            "connection": .optional(integrationConnection), "mailboxes": .required(.array(integrationMailbox)),
        ])),
    ])
}
