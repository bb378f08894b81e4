import ClientTLS
import Domain
import Foundation
import MicrosoftIdentity
import NIOSSL
import Synchronization

/// Makes EWS sources for the engine from an integration's connection (`ews_endpoint`, login, authentication,
/// access type, server version, TLS settings).
public struct EWSSourceFactory: MailSourceFactory {
    /// App-only tokens, shared by every mailbox of every integration this factory serves.
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

    public func makeSource(integration: Integration, mailbox: Mailbox) async throws -> any MailSource {
        let connection = integration.connection
        guard let text = connection.ewsEndpoint, let endpoint = URL(string: text) else {
            throw MailSourceError(.configuration, "the EWS integration has no ews_endpoint")
        }
        let minimumTLSVersion: TLSVersion = connection.minimumTLSVersion == "1.3" ? .tlsv13 : .tlsv12
        let scheme = connection.authentication?.lowercased() ?? Self.defaultAuthentication(connection)
        let authentication: EWSTransport.Authentication
        switch scheme {
        case "ntlm":
            guard let user = connection.username, let password = connection.password else {
                throw MailSourceError(.configuration, "NTLM needs a username and a password")
            }
            authentication = .ntlm(NTLMCredentials(account: user, password: password))
        case "basic":
            guard let user = connection.username, let password = connection.password else {
                throw MailSourceError(.configuration, "Basic authentication needs a username and a password")
            }
            authentication = .basic(user: user, password: password)
        case "bearer":
            guard let token = connection.accessToken else {
                throw MailSourceError(.configuration, "bearer authentication needs an access token")
            }
            authentication = .bearer { _ in token }
        case "client_credentials":
            let provider = try ClientCredentialsTokenProvider(
                application: Self.application(connection), scope: try Self.cloud(connection).exchangeScope,
                cache: tokens,
                transport: TokenEndpointHTTP.transport(
                    caFile: connection.caFile, insecureSkipVerify: connection.insecureSkipVerify ?? false,
                    minimumTLSVersion: minimumTLSVersion,
                    cipherSuites: connection.cipherSuites?.joined(separator: ":"), policy: outboundPolicy))
            // The token this source last sent: after a 401 the cache replaces it, unless another mailbox already did.
            let lastSent = LastSentToken()
            authentication = .bearer { refresh in
                let token = try await provider.accessToken(rejecting: refresh ? lastSent.value : nil)
                lastSent.value = token.value
                return token.value
            }
        case let other:
            throw MailSourceError(.configuration, "unknown EWS authentication", detail: other)
        }
        let version = try connection.serverVersion.map { name in
            guard let version = EWSServerVersion.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() })
            else { throw MailSourceError(.configuration, "unknown EWS server version", detail: name) }
            return version
        } ?? .exchange2016
        let access: EWSMailboxAccess
        // An app-only token has no mailbox of its own: it acts on mailboxes by impersonation.
        switch connection.accessType?.lowercased() ?? (scheme == "client_credentials" ? "impersonation" : "delegate") {
        case "impersonation": access = .impersonation(smtpAddress: mailbox.email)
        case "delegate":
            access = mailbox.email.lowercased() == connection.username?.lowercased()
                ? .own : .delegate(smtpAddress: mailbox.email)
        case let other:
            throw MailSourceError(.configuration, "unknown EWS access type", detail: other)
        }
        let transport = try EWSTransport(
            endpoint: endpoint, authentication: authentication, caFile: connection.caFile,
            insecureSkipVerify: connection.insecureSkipVerify ?? false,
            minimumTLSVersion: minimumTLSVersion,
            cipherSuites: connection.cipherSuites?.joined(separator: ":"), policy: outboundPolicy
        )
        return EWSMailSource(transport: transport, builder: EWSRequestBuilder(version: version, access: access))
    }

    /// NTLM with a password, bearer with a fixed token, client credentials with an application.
    static func defaultAuthentication(_ connection: Integration.Connection) -> String {
        if connection.clientID != nil, connection.tenantID != nil { return "client_credentials" }
        return connection.accessToken != nil ? "bearer" : "ntlm"
    }

    static func cloud(_ connection: Integration.Connection) throws -> AzureCloud {
        let cloud = try AzureCloud.named(connection.cloud)
        guard let host = connection.authorityHost, !host.isEmpty else { return cloud }
        return try cloud.withAuthorityHost(host)
    }

    /// The Entra ID application of a `client_credentials` connection.
    /// - Throws: `MailSourceError(.configuration)` for missing ids or credentials, or both kinds of credential.
    static func application(_ connection: Integration.Connection) throws -> ClientCredentialsApplication {
        guard let tenant = connection.tenantID, let client = connection.clientID else {
            throw MailSourceError(.configuration, "client_credentials needs tenant_id and client_id")
        }
        let credential: ClientCredential
        switch (connection.clientSecret, connection.clientCertificate, connection.clientPrivateKey) {
        case (let secret?, nil, nil):
            credential = .secret(secret)
        case (nil, let certificate?, let key?):
            credential = .certificate(try ClientCertificate(certificatePEM: certificate, privateKeyPEM: key))
        case (nil, _, _):
            throw MailSourceError(.configuration, "client_credentials needs client_secret, or client_certificate "
                                  + "and client_private_key")
        default:
            throw MailSourceError(.configuration, "give either client_secret or a certificate, not both")
        }
        return try ClientCredentialsApplication(tenantID: tenant, clientID: client, credential: credential,
                                                cloud: try cloud(connection))
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
