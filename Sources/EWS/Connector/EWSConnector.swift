import ClientTLS
import Domain
import Foundation
import MicrosoftIdentity
import NIOSSL
import OutboundHTTP
import Synchronization

/// The EWS kind: reads and checks EWS connections (`ews_endpoint`, a login or an Entra ID application, access type,
/// server version, TLS options), in Mailstream's flat keys or Communications Mining's shape
/// (`{"access": {"kind": "user_access", "username", "password"}, "application": {"kind": "ntlm"},
/// "microsoft_api": {"kind": "ews"}, "ews_endpoint": …}`, or `application: {"kind": "custom", "tenant_id",
/// "client_id", "client_secret"}` with `access: {"kind": "app_access"}`), and makes `EWSMailSource`s.
public struct EWSConnector: Connector {
    /// App-only tokens, shared by every mailbox of every integration this connector serves.
    public let tokens: TokenCache
    /// Where the sources may connect: the EWS endpoint and the Entra ID token endpoint alike.
    public let outboundPolicy: OutboundPolicy

    /// - Parameters:
    ///   - outboundPolicy: where connections may go; an explicit choice, since a server that connects wherever
    ///     an integration says is open to anyone who may save one.
    ///   - tokens: the token cache; one per process (the default makes a new one).
    public init(outboundPolicy: OutboundPolicy, tokens: TokenCache = TokenCache()) {
        self.outboundPolicy = outboundPolicy
        self.tokens = tokens
    }

    public var kind: Integration.Kind { .ews }
    public var aliases: [String] { ["exchange_online"] }
    public var publicKeys: [String] { EWSConnection.publicKeys }
    public var secretKeys: [String] { EWSConnection.secretKeys }
    public var fileKeys: [String] { ["client_certificate"] }
    public var refusedLogin: IntegrationError.Kind { .invalidExchangeCredentials }
    /// Communications Mining's one integration type, which its clients expect.
    public var answerType: String { "exchange_online" }

    /// The flat keys, `<key>_set` for each secret, and Communications Mining's shape beside them: `access`
    /// (`user_access` with the username, or `app_access`), `application` (`custom` with its ids, or the login's
    /// scheme) and `microsoft_api`.
    public func view(_ settings: ConnectionSettings) -> [String: JSONValue] {
        var shown = fieldsAndSecretFlags(settings)
        let username = settings.string("username")
        var access: [String: JSONValue] = ["kind": .string(username == nil ? "app_access" : "user_access")]
        access["username"] = username.map(JSONValue.string)
        shown["access"] = .object(access)
        let scheme = (try? EWSConnection(settings))?.authentication ?? .ntlm
        shown["application"] = scheme == .clientCredentials ? EntraApplicationSettings.customApplicationView(settings)
            : .object(["kind": .string(scheme.rawValue)])
        shown["microsoft_api"] = .object(["kind": .string("ews")])
        return shown
    }

    public func recognizes(untyped connection: [String: JSONValue]) -> Bool {
        if case .object(let api) = connection["microsoft_api"] { return api["kind"] == .string("ews") }
        return connection["ews_endpoint"] != nil
    }

    public func summary(_ settings: ConnectionSettings) -> String {
        let login = settings.string("username") ?? settings.string("client_id").map { "app \($0)" } ?? "-"
        return "\(login) at \(settings.string("ews_endpoint") ?? "-")"
    }

    /// The Entra ID client certificate an OAuth integration signs in with, when it has one.
    public func credentials(of integration: Integration) -> [CredentialValidity] {
        guard let connection = try? EWSConnection(integration.connection),
              connection.authentication == .clientCredentials, let validity = connection.application?.certificateValidity else { return [] }
        return [validity]
    }

    public func makeSource(integration: Integration, mailbox: Mailbox) async throws -> any MailSource {
        let connection = try EWSConnection(integration.connection)
        let endpoint = connection.endpoint
        let tls = connection.tls
        let authentication: EWSTransport.Authentication
        switch connection.authentication {
        case .ntlm:
            guard let user = connection.username, let password = connection.password else {
                throw MailSourceError(.configuration, "NTLM needs a username and a password")
            }
            authentication = .ntlm(NTLMCredentials(account: user, password: password))
        case .basic:
            guard let user = connection.username, let password = connection.password else {
                throw MailSourceError(.configuration, "Basic authentication needs a username and a password")
            }
            authentication = .basic(user: user, password: password)
        case .bearer:
            guard let token = connection.accessToken else {
                throw MailSourceError(.configuration, "bearer authentication needs an access token")
            }
            authentication = .bearer { _ in token }
        case .clientCredentials:
            guard let settings = connection.application else {
                throw MailSourceError(.configuration, "client_credentials needs tenant_id and client_id")
            }
            let application: ClientCredentialsApplication
            do {
                application = try settings.application()
            } catch {
                throw MailSourceError(.configuration, error.description,
                                      advice: "give the application its client_secret (or client_certificate and "
                                        + "client_private_key) with POST /api/_private/integrations/<owner>/<name>, "
                                        + "then enable the integration")
            }
            let provider = ClientCredentialsTokenProvider(
                application: application, scope: application.cloud.exchangeScope, cache: tokens,
                transport: TokenEndpointHTTP.transport(tls: tls, policy: outboundPolicy))
            // The token this source last sent: after a 401 the cache replaces it, unless another mailbox already did.
            let lastSent = LastSentToken()
            authentication = .bearer { refresh in
                let token = try await provider.accessToken(rejecting: refresh ? lastSent.value : nil)
                lastSent.value = token.value
                return token.value
            }
        }
        let access: EWSMailboxAccess
        switch connection.accessType {
        case .impersonation: access = .impersonation(smtpAddress: mailbox.email)
        case .delegate:
            access = mailbox.email.lowercased() == connection.username?.lowercased()
                ? .own : .delegate(smtpAddress: mailbox.email)
        }
        let transport = try EWSTransport(endpoint: endpoint, authentication: authentication, tls: tls,
                                         policy: outboundPolicy)
        return EWSMailSource(transport: transport,
                             builder: EWSRequestBuilder(version: connection.serverVersion, access: access))
    }
}

/// The last token a source sent, so a 401 can name it to the cache.
private final class LastSentToken: Sendable {
    private let storage = Mutex<String?>(nil)

    var value: String? {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
