import Domain
import Foundation
import Hummingbird

/// The mailboxes of an integration as a request gives them: addresses, folder lists, start time, and the bucket
/// each writes to (in a project the caller may write integrations of).
extension IntegrationRoutes {
    struct MailboxFields: Decodable {
        struct BucketSpecification: Codable {
            var projectName: String
            var name: String
            /// Communications Mining's clients send and expect it; answers give the name when none was set.
            var title: String?
            enum CodingKeys: String, CodingKey { case projectName = "project_name", name, title }
        }
        var email: String
        var enabled: Bool?
        var folderAllowlist: [[String]]?
        var folderDenylist: [[String]]?
        var startTimestamp: Date?
        var bucketSpecification: BucketSpecification?
        var syncAttachments: Bool?
        var idleFolders: [[String]]?

        enum CodingKeys: String, CodingKey {
            case email, enabled
            case folderAllowlist = "folder_allowlist"
            case folderDenylist = "folder_denylist"
            case startTimestamp = "start_timestamp"
            case bucketSpecification = "bucket_specification"
            case syncAttachments = "sync_attachments"
            case idleFolders = "idle_folders"
        }
    }

    /// A request may list at most this many mailboxes, and per mailbox this many folder paths.
    static let maximumMailboxes = 1_000
    static let maximumFolderPaths = 256
    static let maximumFolderDepth = 32

    /// Mailboxes from a request; a mailbox already configured keeps its id (and so its cursors) and its state.
    /// Each mailbox's bucket must be in a project the caller may write integrations of.
    func mailboxes(_ fields: [MailboxFields], owner: String, integrationID: String, existing: [Mailbox],
                           context: APIContext) throws(APIError) -> [Mailbox] {
        let base = "integration.configuration.mailboxes"
        guard fields.count <= Self.maximumMailboxes else {
            throw APIError(.badRequest, "at most \(Self.maximumMailboxes) mailboxes", field: base)
        }
        var seen = Set<String>()
        return try fields.enumerated().map { (index, field) throws(APIError) in
            let email = field.email.trimmingCharacters(in: .whitespaces)
            if let problem = TextLimit.mailbox.problem(email) {
                throw APIError(.badRequest, "must be a mailbox address: \(problem)", field: "\(base)[\(index)].email")
            }
            guard seen.insert(email.lowercased()).inserted else {
                throw APIError(.badRequest, "this mailbox is listed twice", field: "\(base)[\(index)].email")
            }
            try Self.checkFolders(field.folderAllowlist, field: "\(base)[\(index)].folder_allowlist")
            try Self.checkFolders(field.folderDenylist, field: "\(base)[\(index)].folder_denylist")
            if let idleFolders = field.idleFolders {
                try Self.checkFolders(idleFolders, field: "\(base)[\(index)].idle_folders")
                if let problem = IdleFolders.problem(idleFolders) {
                    throw APIError(.badRequest, problem, field: "\(base)[\(index)].idle_folders")
                }
            }
            let previous = existing.first { $0.email.lowercased() == email.lowercased() }
            var mailbox = previous ?? Mailbox(
                id: String(ContentHash.sha256Hex("mailbox/\(integrationID)/\(email.lowercased())".utf8).prefix(16)),
                email: email, bucketOwner: owner, bucketName: "mail"
            )
            if let enabled = field.enabled, enabled != mailbox.enabled {
                mailbox.enabled = enabled
                mailbox.disabledReason = enabled ? nil : .user
            }
            mailbox.folderAllowlist = field.folderAllowlist ?? mailbox.folderAllowlist
            mailbox.folderDenylist = field.folderDenylist ?? mailbox.folderDenylist
            mailbox.startTimestamp = field.startTimestamp ?? mailbox.startTimestamp
            mailbox.syncAttachments = field.syncAttachments ?? mailbox.syncAttachments
            mailbox.idleFolders = field.idleFolders ?? mailbox.idleFolders
            if let bucket = field.bucketSpecification {
                let specification = "\(base)[\(index)].bucket_specification"
                try checkName(bucket.projectName, field: "\(specification).project_name")
                try checkName(bucket.name, field: "\(specification).name")
                try checkText(bucket.title, .title, field: "\(specification).title")
                // The engine writes this mailbox's emails into that project: the caller must hold it.
                try context.require(.integrationsWrite, project: bucket.projectName)
                mailbox.bucketOwner = bucket.projectName
                mailbox.bucketName = bucket.name
                mailbox.bucketTitle = bucket.title ?? mailbox.bucketTitle
            } else if previous == nil {
                throw APIError(.badRequest, "is required: {\"project_name\": …, \"name\": …}",
                               field: "\(base)[\(index)].bucket_specification")
            }
            return mailbox
        }
    }

    /// Folder paths of an allow or deny list: each a list of 1-32 folder names of 1-255 characters.
    static func checkFolders(_ paths: [[String]]?, field: String) throws(APIError) {
        guard let paths else { return }
        guard paths.count <= maximumFolderPaths else {
            throw APIError(.badRequest, "at most \(maximumFolderPaths) folder paths", field: field)
        }
        for (index, path) in paths.enumerated() {
            guard (1...maximumFolderDepth).contains(path.count) else {
                throw APIError(.badRequest, "a folder path is a list of 1-\(maximumFolderDepth) folder names",
                               field: "\(field)[\(index)]")
            }
            for (level, name) in path.enumerated() {
                try checkText(name, .folderName, field: "\(field)[\(index)][\(level)]")
            }
        }
    }
}
