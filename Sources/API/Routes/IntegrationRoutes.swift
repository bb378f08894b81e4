import Domain
import Foundation
import Hummingbird
import Store

/// Integrations in Communications Mining's shape: list, get, create (PUT), update (POST), delete by `id:<id>`,
/// enable/disable (the whole integration or one mailbox), errors, usage, and a connection check.
/// Secrets are accepted in requests and never returned: answers say whether one is set. Each kind's `Connector`
/// reads, checks and shows the connection; these routes know no kind's fields.
struct IntegrationRoutes {
    let store: any Store
    let connectors: ConnectorRegistry
    /// What connection checks connect with (the connectors, or a stand-in in tests); nil where checks are off.
    let sources: (any MailSourceFactory)?

    /// The request body of PUT and POST: `{"integration": {...}}`.
    struct Body: Decodable {
        struct Fields: Decodable {
            var title: String?
            var type: String?
            var enabled: Bool?
            var configuration: Configuration?
        }
        struct Configuration: Decodable {
            var connection: [String: JSONValue]?
            var mailboxes: [MailboxFields]?
        }
        var integration: Fields
    }

    struct CheckBody: Decodable {
        var type: String?
        var connection: [String: JSONValue]
        var testMailbox: String?
        enum CodingKeys: String, CodingKey { case type, connection, testMailbox = "test_mailbox" }
    }

    func add(to router: Router<APIContext>) {
        let integrations = router.group("api/_private/integrations")
        integrations.get { _, context in
            try context.require(.integrationsRead)
            let visible = try await store.integrations().filter { context.may(.integrationsRead, project: $0.owner) }
            return try JSONBody.ok("integrations", visible.map(view))
        }
        integrations.get(":owner") { _, context in
            let owner = try context.parameter("owner")
            try checkName(owner, field: "owner")
            try context.require(.integrationsRead, project: owner)
            let list = try await store.integrations().filter { $0.owner == owner }
            return try JSONBody.ok("integrations", list.map(view))
        }
        integrations.get(":owner/:name") { _, context in
            try JSONBody.ok("integration", view(try await integration(context, .integrationsRead)))
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
            // A wrong type is named before a missing connection.
            let body = fields.configuration?.connection
            let kind = try kind(named: fields.type, connection: body ?? [:])
            guard let body else {
                throw APIError(.badRequest, "is required", field: "integration.configuration.connection")
            }
            let connection = try read(body, kind: kind, previous: nil)
            let integration = Integration(
                id: id, owner: owner, name: name, title: fields.title ?? name, kind: kind,
                enabled: fields.enabled ?? true, disabledReason: fields.enabled == false ? .user : nil,
                connection: connection,
                mailboxes: try mailboxes(fields.configuration?.mailboxes ?? [], owner: owner, integrationID: id,
                                         existing: [], context: context),
                createdAt: now, updatedAt: now
            )
            try await store.saveIntegration(integration)
            return try JSONBody.ok("integration", view(integration))
        }
        integrations.post(":owner/:name") { request, context in
            var integration = try await integration(context, .integrationsWrite)
            let fields = try await JSONBody.decode(Body.self, from: request, context: context).integration
            try checkText(fields.title, .title, field: "integration.title")
            if let title = fields.title { integration.title = title }
            // `type` may repeat the integration's own (or an alias it answers as, such as `exchange_online`), or
            // move an Exchange integration between EWS and Graph (IntegrationRoutes+KindChange).
            let body = fields.configuration?.connection
            let requested = try requestedKind(type: fields.type, connection: body, current: integration.kind)
            let switched = try switchKind(&integration, to: requested, connection: body)
            if let enabled = fields.enabled, enabled != integration.enabled {
                integration.enabled = enabled
                integration.disabledReason = enabled ? nil : .user
            }
            if let body, !switched {
                // Omitted secrets keep their stored values, so a client can edit without re-sending them.
                integration.connection = try read(body, kind: integration.kind, previous: integration.connection)
            }
            if let mailboxes = fields.configuration?.mailboxes {
                integration.mailboxes = try self.mailboxes(mailboxes, owner: integration.owner,
                                                           integrationID: integration.id,
                                                           existing: integration.mailboxes, context: context)
            }
            integration.updatedAt = Date()
            try await store.saveIntegration(integration)
            if switched {
                // The old API's cursors and item ids mean nothing to the new one: it lists every folder afresh.
                try await store.resetSyncState(mailboxIDs: integration.mailboxes.map(\.id))
            }
            return try JSONBody.ok("integration", view(integration))
        }
        integrations.delete(":owner") { _, context in
            let id = try idReference(context)
            let missing = APIError.notFound("integration id:\(id)")
            guard let integration = try await store.integration(id: id) else { throw missing }
            try context.require(.integrationsWrite, project: integration.owner, orAnswer: missing)
            try await store.deleteIntegration(id: id)
            return try JSONBody.ok()
        }
        for (verb, enabled) in [("enable", true), ("disable", false)] {
            integrations.post(":owner/:name/\(verb)") { _, context in
                let integration = try await integration(context, .integrationsWrite)
                try await store.setIntegrationEnabled(id: integration.id, enabled: enabled,
                                                      reason: enabled ? nil : .user)
                let updated = try await store.integration(id: integration.id) ?? integration
                return try JSONBody.ok("integration", view(updated))
            }
            integrations.post(":owner/:name/mailboxes/:email/\(verb)") { _, context in
                let integration = try await integration(context, .integrationsWrite)
                let email = try context.parameter("email")
                guard let mailbox = integration.mailboxes.first(where: { $0.email.lowercased() == email.lowercased() })
                else { throw APIError.notFound("mailbox \(email)") }
                try await store.setMailboxEnabled(integrationID: integration.id, mailboxID: mailbox.id,
                                                  enabled: enabled, reason: enabled ? nil : .user)
                let updated = try await store.integration(id: integration.id) ?? integration
                return try JSONBody.ok("integration", view(updated))
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

    /// The kind a request names, or its connection's shape tells.
    func kind(named type: String?, connection: [String: JSONValue]) throws(APIError) -> Integration.Kind {
        do {
            return try connectors.kind(named: type, connection: connection)
        } catch {
            throw APIError(.badRequest, error.description, field: "integration.type")
        }
    }

    /// The connection as the kind's connector reads it.
    func read(_ body: [String: JSONValue], kind: Integration.Kind, previous: ConnectionSettings?)
        throws(APIError) -> ConnectionSettings {
        // The registry only answers kinds it has a connector for.
        guard let connector = connectors.connector(for: kind) else {
            throw APIError(.badRequest, "must be one of " + connectors.kinds.map(\.rawValue).joined(separator: ", "),
                           field: "integration.type")
        }
        do {
            return try connector.settings(from: body, previous: previous)
        } catch {
            throw APIError(.badRequest, error.message, field: "integration.configuration.connection.\(error.field)")
        }
    }

    /// An integration as answers show it: its connector shows the connection (secrets as `<key>_set`).
    private func view(_ integration: Integration) -> IntegrationView {
        let connector = connectors.connector(for: integration.kind)
        return IntegrationView(integration: integration,
                               connection: connector?.view(integration.connection) ?? integration.connection.fields,
                               answerType: connector?.answerType ?? integration.kind.rawValue)
    }

    /// Logs in and lists the test mailbox's folders without syncing anything.
    private func checkConnection(_ body: CheckBody) async throws -> CheckResult {
        let kind = try kind(named: body.type, connection: body.connection)
        let connection = try read(body.connection, kind: kind, previous: nil)
        let mailboxAddress = body.testMailbox ?? connection.string("username") ?? ""
        if let problem = TextLimit.mailbox.problem(mailboxAddress) {
            throw APIError(.badRequest, "must be a mailbox address: \(problem)", field: "test_mailbox")
        }
        let integration = Integration(
            id: "check", owner: "check", name: "check", kind: kind, connection: connection,
            mailboxes: [Mailbox(id: "check", email: mailboxAddress, bucketOwner: "check", bucketName: "check")],
            createdAt: Date(), updatedAt: Date()
        )
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
                               error: .init(kind: Self.kind(error.kind, refusedLogin: connectors.refusedLogin(for: kind)),
                                            message: error.description + advice))
        }
    }

    /// The error kind a check reports: the error records' kinds, and `invalid_configuration` for settings the
    /// source can't use. A refused login names the protocol's server (`invalid_imap_credentials`,
    /// `invalid_exchange_credentials`).
    static func kind(_ kind: MailSourceError.Kind, refusedLogin: IntegrationError.Kind) -> String {
        switch kind {
        case .authentication: refusedLogin.rawValue
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
