import Domain
import Foundation
import Hummingbird
import MicrosoftIdentity
import Store

/// Integrations in Communications Mining's shape: list, get, create (PUT), update (POST), delete by `id:<id>`,
/// enable/disable (the whole integration or one mailbox), errors, usage, and a connection check.
/// Secrets are accepted in requests and never returned: answers say whether one is set.
struct IntegrationRoutes {
    let store: any Store
    let sources: (any MailSourceFactory)?

    /// The request body of PUT and POST: `{"integration": {...}}`.
    struct Body: Decodable {
        struct Fields: Decodable {
            var title: String?
            var type: Integration.Kind?
            var enabled: Bool?
            var configuration: Configuration?
        }
        struct Configuration: Decodable {
            var connection: ConnectionBody?
            var mailboxes: [MailboxFields]?
        }
        var integration: Fields
    }

    struct MailboxFields: Decodable {
        struct BucketSpecification: Codable {
            var projectName: String
            var name: String
            enum CodingKeys: String, CodingKey { case projectName = "project_name", name }
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

    struct CheckBody: Decodable {
        var type: Integration.Kind?
        var connection: ConnectionBody
        var testMailbox: String?
        enum CodingKeys: String, CodingKey { case type, connection, testMailbox = "test_mailbox" }
    }

    func add(to router: Router<APIContext>) {
        let integrations = router.group("api/_private/integrations")
        integrations.get { _, context in
            try context.require(.integrationsRead)
            let visible = try await store.integrations().filter { context.may(.integrationsRead, project: $0.owner) }
            return try JSONBody.ok("integrations", visible.map(IntegrationView.init))
        }
        integrations.get(":owner") { _, context in
            let owner = try context.parameter("owner")
            try checkName(owner, field: "owner")
            try context.require(.integrationsRead, project: owner)
            let list = try await store.integrations().filter { $0.owner == owner }
            return try JSONBody.ok("integrations", list.map(IntegrationView.init))
        }
        integrations.get(":owner/:name") { _, context in
            try JSONBody.ok("integration", IntegrationView(integration: try await integration(context, .integrationsRead)))
        }
        integrations.put(":owner/:name") { request, context in
            let (owner, name) = try ownerAndName(context)
            try context.require(.integrationsWrite, project: owner)
            let fields = try await JSONBody.decode(Body.self, from: request, context: context).integration
            try checkText(fields.title, .title, field: "integration.title")
            if try await store.integration(owner: owner, name: name) != nil {
                throw APIError(.conflict, "integration \(owner)/\(name) already exists; update it with POST")
            }
            let now = Date()
            let id = String(ContentHash.sha256Hex("integration/\(owner)/\(name)/\(UUID())".utf8).prefix(16))
            guard let body = fields.configuration?.connection else {
                throw APIError(.badRequest, "is required", field: "integration.configuration.connection")
            }
            let connection = body.connection
            let integration = Integration(
                id: id, owner: owner, name: name, title: fields.title ?? name,
                kind: fields.type ?? body.microsoftAPI ?? .imap,
                enabled: fields.enabled ?? true, disabledReason: fields.enabled == false ? .user : nil,
                connection: connection,
                mailboxes: try mailboxes(fields.configuration?.mailboxes ?? [], owner: owner, integrationID: id,
                                         existing: [], context: context),
                createdAt: now, updatedAt: now
            )
            try Self.validate(integration)
            try await store.saveIntegration(integration)
            return try JSONBody.ok("integration", IntegrationView(integration: integration))
        }
        integrations.post(":owner/:name") { request, context in
            var integration = try await integration(context, .integrationsWrite)
            let fields = try await JSONBody.decode(Body.self, from: request, context: context).integration
            try checkText(fields.title, .title, field: "integration.title")
            if let title = fields.title { integration.title = title }
            if let type = fields.type, type != integration.kind {
                throw APIError(.badRequest, "the type of an integration cannot change", field: "integration.type")
            }
            if let enabled = fields.enabled, enabled != integration.enabled {
                integration.enabled = enabled
                integration.disabledReason = enabled ? nil : .user
            }
            if var connection = fields.configuration?.connection?.connection {
                // Omitted secrets keep their stored values, so a client can edit without re-sending them.
                if connection.password == nil { connection.password = integration.connection.password }
                if connection.accessToken == nil { connection.accessToken = integration.connection.accessToken }
                // A stored secret stays only while the request doesn't switch to the other kind of credential.
                if connection.clientSecret == nil, connection.clientCertificate == nil {
                    connection.clientSecret = integration.connection.clientSecret
                }
                if connection.clientPrivateKey == nil, connection.clientSecret == nil {
                    connection.clientPrivateKey = integration.connection.clientPrivateKey
                }
                integration.connection = connection
            }
            if let mailboxes = fields.configuration?.mailboxes {
                integration.mailboxes = try self.mailboxes(mailboxes, owner: integration.owner,
                                                           integrationID: integration.id,
                                                           existing: integration.mailboxes, context: context)
            }
            integration.updatedAt = Date()
            try Self.validate(integration)
            try await store.saveIntegration(integration)
            return try JSONBody.ok("integration", IntegrationView(integration: integration))
        }
        integrations.delete(":owner") { _, context in
            let id = try idReference(context)
            guard let integration = try await store.integration(id: id) else {
                throw APIError.notFound("integration id:\(id)")
            }
            try context.require(.integrationsWrite, project: integration.owner)
            try await store.deleteIntegration(id: id)
            return try JSONBody.ok()
        }
        for (verb, enabled) in [("enable", true), ("disable", false)] {
            integrations.post(":owner/:name/\(verb)") { _, context in
                let integration = try await integration(context, .integrationsWrite)
                try await store.setIntegrationEnabled(id: integration.id, enabled: enabled,
                                                      reason: enabled ? nil : .user)
                let updated = try await store.integration(id: integration.id) ?? integration
                return try JSONBody.ok("integration", IntegrationView(integration: updated))
            }
            integrations.post(":owner/:name/mailboxes/:email/\(verb)") { _, context in
                let integration = try await integration(context, .integrationsWrite)
                let email = try context.parameter("email")
                guard let mailbox = integration.mailboxes.first(where: { $0.email.lowercased() == email.lowercased() })
                else { throw APIError.notFound("mailbox \(email)") }
                try await store.setMailboxEnabled(integrationID: integration.id, mailboxID: mailbox.id,
                                                  enabled: enabled, reason: enabled ? nil : .user)
                let updated = try await store.integration(id: integration.id) ?? integration
                return try JSONBody.ok("integration", IntegrationView(integration: updated))
            }
        }
        integrations.get(":owner/:name/errors") { _, context in
            let integration = try await integration(context, .integrationsRead)
            return try JSONBody.ok("errors", try await store.errors(integrationID: integration.id).reversed())
        }
        integrations.get(":owner/:name/usage") { _, context in
            let integration = try await integration(context, .integrationsRead)
            return try JSONBody.ok("usage", try await store.usage(integrationID: integration.id))
        }
        let check: @Sendable (Request, APIContext) async throws -> Response = { request, context in
            try context.require(.integrationsWrite)
            let body = try await JSONBody.decode(CheckBody.self, from: request, context: context)
            return try JSONBody.ok("result", try await checkConnection(body))
        }
        router.put("api/_private/validate-exchange-credentials", use: check)
        router.put("api/_private/check-connection", use: check)
    }

    private func integration(_ context: APIContext, _ permission: Permission) async throws -> Integration {
        let (owner, name) = try ownerAndName(context)
        try context.require(permission, project: owner)
        guard let integration = try await store.integration(owner: owner, name: name) else {
            throw APIError.notFound("integration \(owner)/\(name)")
        }
        return integration
    }

    static let authentications = ["ntlm", "basic", "bearer", "client_credentials"]

    /// A request may list at most this many mailboxes, and per mailbox this many folder paths.
    static let maximumMailboxes = 1_000
    static let maximumFolderPaths = 256
    static let maximumFolderDepth = 32

    /// Mailboxes from a request; a mailbox already configured keeps its id (and so its cursors) and its state.
    /// Each mailbox's bucket must be in a project the caller may write integrations of.
    private func mailboxes(_ fields: [MailboxFields], owner: String, integrationID: String, existing: [Mailbox],
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
                // The engine writes this mailbox's emails into that project: the caller must hold it.
                try context.require(.integrationsWrite, project: bucket.projectName)
                mailbox.bucketOwner = bucket.projectName
                mailbox.bucketName = bucket.name
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

    static func validate(_ integration: Integration) throws(APIError) {
        let connection = integration.connection
        let field = "integration.configuration.connection"
        if let (key, problem) = connection.textProblem() { throw APIError(.badRequest, problem, field: "\(field).\(key)") }
        // Named choices are checked whatever the kind uses, as the document lists them.
        for (key, value, allowed) in [("authentication", connection.authentication, Self.authentications),
                                      ("access_type", connection.accessType, ["delegate", "impersonation"]),
                                      ("cloud", connection.cloud, ["global", "gcc_high", "china"])] {
            if let value, !allowed.contains(value) {
                throw APIError(.badRequest, "must be one of " + allowed.joined(separator: ", "), field: "\(field).\(key)")
            }
        }
        switch integration.kind {
        case .imap:
            guard let host = connection.host, !host.isEmpty else { throw APIError(.badRequest, "is required", field: "\(field).host") }
            guard connection.username?.isEmpty == false else { throw APIError(.badRequest, "is required", field: "\(field).username") }
            guard connection.password != nil || connection.accessToken != nil else {
                throw APIError(.badRequest, "a password or an access token is required", field: "\(field).password")
            }
        case .ews:
            guard connection.ewsEndpoint.flatMap(URL.init(string:))?.scheme?.hasPrefix("http") == true else {
                throw APIError(.badRequest, "must be the https URL of Exchange.asmx", field: "\(field).ews_endpoint")
            }
            let scheme = connection.authentication?.lowercased()
            if scheme == "client_credentials" || (scheme == nil && connection.tenantID != nil && connection.clientID != nil) {
                try validateApplication(connection, field: field)
            } else if connection.accessToken == nil,
                      connection.username?.isEmpty != false || connection.password == nil {
                throw APIError(.badRequest, "a username and password (access.kind user_access), an access token or "
                    + "an Entra ID application (application.kind custom) is required", field: "\(field).access")
            }
        case .graph:
            break
        }
        if let port = connection.port, !(1...65_535).contains(port) {
            throw APIError(.badRequest, "must be from 1 to 65535", field: "\(field).port")
        }
        if let version = connection.minimumTLSVersion, !["1.2", "1.3"].contains(version) {
            throw APIError(.badRequest, "must be \"1.2\" or \"1.3\"", field: "\(field).minimum_tls_version")
        }
    }

    /// An Entra ID application's ids, one kind of credential, a readable certificate and key, a known cloud.
    static func validateApplication(_ connection: Integration.Connection, field: String) throws(APIError) {
        guard connection.tenantID?.isEmpty == false else {
            throw APIError(.badRequest, "is required", field: "\(field).application.tenant_id")
        }
        guard connection.clientID?.isEmpty == false else {
            throw APIError(.badRequest, "is required", field: "\(field).application.client_id")
        }
        let hasCertificate = connection.clientCertificate != nil || connection.clientPrivateKey != nil
        if connection.clientSecret != nil, hasCertificate {
            throw APIError(.badRequest, "give either client_secret or client_certificate and client_private_key",
                           field: "\(field).application")
        }
        do {
            let cloud = try AzureCloud.named(connection.cloud)
            if let host = connection.authorityHost { _ = try cloud.withAuthorityHost(host) }
        } catch {
            throw APIError(.badRequest, Self.summary(error), field: "\(field).application.cloud")
        }
        if hasCertificate {
            guard let certificate = connection.clientCertificate, let key = connection.clientPrivateKey else {
                throw APIError(.badRequest, "client_certificate and client_private_key go together",
                               field: "\(field).application")
            }
            do {
                _ = try ClientCertificate(certificatePEM: certificate, privateKeyPEM: key)
            } catch {
                throw APIError(.badRequest, Self.summary(error), field: "\(field).application.client_certificate")
            }
        } else if connection.clientSecret?.isEmpty != false {
            throw APIError(.badRequest, "a client_secret, or client_certificate and client_private_key, is required",
                           field: "\(field).application.client_secret")
        }
    }

    private static func summary(_ error: any Error) -> String {
        (error as? MailSourceError)?.summary ?? "is not valid"
    }

    /// Logs in and lists the test mailbox's folders without syncing anything.
    private func checkConnection(_ body: CheckBody) async throws -> CheckResult {
        let mailboxAddress = body.testMailbox ?? body.connection.connection.username ?? ""
        let integration = Integration(
            id: "check", owner: "check", name: "check", kind: body.type ?? body.connection.microsoftAPI ?? .imap,
            connection: body.connection.connection,
            mailboxes: [Mailbox(id: "check", email: mailboxAddress, bucketOwner: "check", bucketName: "check")],
            createdAt: Date(), updatedAt: Date()
        )
        try Self.validate(integration)
        guard let sources else { throw APIError(.serviceUnavailable, "connection checks are not available here") }
        do {
            let source = try await sources.makeSource(integration: integration, mailbox: integration.mailboxes[0])
            defer { Task { await source.close() } }
            let folders = try await source.folders()
            return CheckResult(ok: true, folders: folders.map(\.name).sorted(), error: nil)
        } catch let error as MailSourceError {
            // What to do, unless the server's answer says it already (the outbound policy's refusal).
            let advice = error.advice.isEmpty || error.detail.lowercased().contains(error.advice.lowercased()) ? ""
                : " (\(error.advice))"
            return CheckResult(ok: false, folders: nil,
                               error: .init(kind: Self.kind(error.kind, of: integration.kind),
                                            message: error.description + advice))
        }
    }

    /// The error kind a check reports: the error records' kinds, and `invalid_configuration` for settings the
    /// source can't use. A refused login names the protocol's server (`invalid_imap_credentials`,
    /// `invalid_exchange_credentials`).
    static func kind(_ kind: MailSourceError.Kind, of integration: Integration.Kind) -> String {
        switch kind {
        case .authentication: IntegrationError.Kind.invalidCredentials(for: integration).rawValue
        case .mailboxNotFound: IntegrationError.Kind.mailboxNotFound.rawValue
        case .accessDenied: IntegrationError.Kind.mailboxAccessDenied.rawValue
        case .folderNotFound: IntegrationError.Kind.folderNotFound.rawValue
        case .transient: IntegrationError.Kind.connectionFailed.rawValue
        case .mailboxUnavailable: IntegrationError.Kind.mailboxUnavailable.rawValue
        case .invalidCursor, .configuration: "invalid_configuration"
        }
    }

    struct CheckResult: Encodable {
        struct Failure: Encodable {
            var kind: String
            var message: String
        }
        var ok: Bool
        var folders: [String]?
        var error: Failure?
    }
}
