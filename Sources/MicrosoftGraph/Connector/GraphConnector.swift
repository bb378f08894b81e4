import ClientTLS
import Domain
import Foundation
import MicrosoftIdentity

/// The Graph kind: reads and checks Graph connections (an Entra ID application, `cloud`, `authority_host`,
/// `graph_base_url`, TLS options), in Mailstream's flat keys or Communications Mining's shape
/// (`{"access": {"kind": "app_access"}, "application": {"kind": "custom", "tenant_id", "client_id",
/// "client_secret"}, "microsoft_api": {"kind": "graph"}, "cloud": …}`), and makes `GraphMailSource`s.
public struct GraphConnector: Connector {
    /// App-only tokens, shared by every mailbox of every integration this connector serves.
    public let tokens: TokenCache
    /// Where the sources may connect: Graph and the Entra ID token endpoint alike.
    public let outboundPolicy: OutboundPolicy
    /// Where change notifications arrive, when the operator gave a public URL for them; nil: polling only.
    public let notifications: GraphNotificationHub?

    /// - Parameters:
    ///   - outboundPolicy: where connections may go.
    ///   - tokens: the token cache; one per process (the default makes a new one).
    ///   - notifications: the process's notification receiver, which `serve`'s route feeds.
    public init(outboundPolicy: OutboundPolicy, tokens: TokenCache = TokenCache(),
                notifications: GraphNotificationHub? = nil) {
        self.outboundPolicy = outboundPolicy
        self.tokens = tokens
        self.notifications = notifications
    }

    public var kind: Integration.Kind { .graph }
    /// Communications Mining's Exchange type: with `microsoft_api: {"kind": "graph"}` it is this kind.
    public var aliases: [String] { ["exchange_online"] }
    public var publicKeys: [String] { GraphConnection.publicKeys }
    public var secretKeys: [String] { GraphConnection.secretKeys }
    public var fileKeys: [String] { ["client_certificate"] }
    public var refusedLogin: IntegrationError.Kind { .invalidExchangeCredentials }
    /// Communications Mining's one integration type, which its clients expect.
    public var answerType: String { "exchange_online" }

    /// The flat keys, `<key>_set` for each secret, and Communications Mining's shape beside them: `access`
    /// (`app_access`), `application` (`custom` with its ids) and `microsoft_api` (`graph`).
    public func view(_ settings: ConnectionSettings) -> [String: JSONValue] {
        var shown = fieldsAndSecretFlags(settings)
        shown["access"] = .object(["kind": .string("app_access")])
        shown["application"] = EntraApplicationSettings.customApplicationView(settings)
        shown["microsoft_api"] = .object(["kind": .string("graph")])
        return shown
    }

    public func recognizes(untyped connection: [String: JSONValue]) -> Bool {
        if case .object(let api) = connection["microsoft_api"] { return api["kind"] == .string("graph") }
        return connection["graph_base_url"] != nil && connection["ews_endpoint"] == nil
    }

    public func summary(_ settings: ConnectionSettings) -> String {
        guard let connection = try? GraphConnection(settings) else { return "-" }
        let base = (try? connection.sourceSettings(mailbox: "").baseURL()) ?? "-"
        return "app \(connection.application.clientID) at \(base)"
    }

    /// The Entra ID client certificate the application signs in with, when it has one.
    public func credentials(of integration: Integration) -> [CredentialValidity] {
        guard let validity = (try? GraphConnection(integration.connection))?.application.certificateValidity
        else { return [] }
        return [validity]
    }

    public func makeSource(integration: Integration, mailbox: Mailbox) async throws -> any MailSource {
        let connection = try GraphConnection(integration.connection)
        let application = connection.application
        guard application.clientSecret != nil
                || (application.clientCertificate != nil && application.clientPrivateKey != nil) else {
            // Communications Mining's clients create the application first and send its secret later.
            throw MailSourceError(.configuration, "the application has no client_secret or certificate",
                                  advice: "give the application its client_secret (or client_certificate and "
                                    + "client_private_key) with POST /api/_private/integrations/<owner>/<name>, "
                                    + "then enable the integration")
        }
        return try await makeSource(connection.sourceSettings(mailbox: mailbox.email))
    }

    /// A source for one mailbox from plain settings.
    /// - Throws: `MailSourceError(.configuration)` for settings that can't work.
    public func makeSource(_ settings: GraphSourceSettings) async throws -> GraphMailSource {
        let application = try settings.checkedApplication()
        let base = try settings.baseURL()
        let tls = try settings.tlsConfiguration()
        let http = try await GraphHTTPClient.shared(for: outboundPolicy)
        let provider = ClientCredentialsTokenProvider(
            application: application, scope: application.cloud.graphScope, cache: tokens,
            transport: GraphHTTPClient.tokenTransport(http: http, tls: tls))
        let client = GraphClient(
            http: http, requests: GraphRequests(base: base, user: settings.mailbox), tls: tls,
            token: { rejected in try await provider.accessToken(rejecting: rejected).value },
            gate: RequestGate(limit: settings.concurrentRequests), pageSize: max(1, min(settings.pageSize, 1000)))
        return GraphMailSource(client: client, notifications: notifications)
    }
}
