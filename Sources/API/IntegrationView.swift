import Domain
import Foundation

/// An integration as the API shows it: Communications Mining's shape, secrets replaced by whether they are set.
struct IntegrationView: Encodable {
    let integration: Integration
    /// The connection as its connector shows it.
    let connection: [String: JSONValue]
    /// `type` as clients expect it (`exchange_online` for Exchange kinds).
    let answerType: String

    enum Key: String, CodingKey {
        case id, owner, name, title, type, enabled, configuration
        case mailstreamType = "mailstream_type"
        case disabledReason = "disabled_reason"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
    enum ConfigurationKey: String, CodingKey { case connection, mailboxes }
    enum MailboxKey: String, CodingKey {
        case id, email, enabled
        case disabledReason = "disabled_reason"
        case folderAllowlist = "folder_allowlist"
        case folderDenylist = "folder_denylist"
        case startTimestamp = "start_timestamp"
        case bucketSpecification = "bucket_specification"
        case syncAttachments = "sync_attachments"
        case idleFolders = "idle_folders"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(integration.id, forKey: .id)
        try container.encode(integration.owner, forKey: .owner)
        try container.encode(integration.name, forKey: .name)
        try container.encode(integration.title, forKey: .title)
        try container.encode(answerType, forKey: .type)
        try container.encode(integration.kind, forKey: .mailstreamType)
        try container.encode(integration.enabled, forKey: .enabled)
        try container.encode(integration.disabledReason, forKey: .disabledReason)
        try container.encode(integration.createdAt, forKey: .createdAt)
        try container.encode(integration.updatedAt, forKey: .updatedAt)
        var configuration = container.nestedContainer(keyedBy: ConfigurationKey.self, forKey: .configuration)
        try configuration.encode(connection, forKey: .connection)
        var mailboxes = configuration.nestedUnkeyedContainer(forKey: .mailboxes)
        for mailbox in integration.mailboxes {
            var entry = mailboxes.nestedContainer(keyedBy: MailboxKey.self)
            try entry.encode(mailbox.id, forKey: .id)
            try entry.encode(mailbox.email, forKey: .email)
            try entry.encode(mailbox.enabled, forKey: .enabled)
            try entry.encode(mailbox.disabledReason, forKey: .disabledReason)
            try entry.encode(mailbox.folderAllowlist, forKey: .folderAllowlist)
            try entry.encode(mailbox.folderDenylist, forKey: .folderDenylist)
            try entry.encode(mailbox.startTimestamp, forKey: .startTimestamp)
            try entry.encode(IntegrationRoutes.MailboxFields.BucketSpecification(
                projectName: mailbox.bucketOwner, name: mailbox.bucketName,
                title: mailbox.bucketTitle ?? mailbox.bucketName), forKey: .bucketSpecification)
            try entry.encode(mailbox.syncAttachments, forKey: .syncAttachments)
            try entry.encode(mailbox.idleFolders, forKey: .idleFolders)
        }
    }
}
