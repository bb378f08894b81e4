import Domain
import Foundation
import NIOSSL

/// Makes EWS sources for the engine from an integration's connection (`ews_endpoint`, login, authentication,
/// access type, server version, TLS settings).
public struct EWSSourceFactory: MailSourceFactory {
    public init() {}

    public func makeSource(integration: Integration, mailbox: Mailbox) async throws -> any MailSource {
        let connection = integration.connection
        guard let text = connection.ewsEndpoint, let endpoint = URL(string: text) else {
            throw MailSourceError(.configuration, "the EWS integration has no ews_endpoint")
        }
        let authentication: EWSTransport.Authentication
        switch connection.authentication?.lowercased() ?? (connection.accessToken != nil ? "bearer" : "ntlm") {
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
        case let other:
            throw MailSourceError(.configuration, "unknown EWS authentication", detail: other)
        }
        let version = try connection.serverVersion.map { name in
            guard let version = EWSServerVersion.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() })
            else { throw MailSourceError(.configuration, "unknown EWS server version", detail: name) }
            return version
        } ?? .exchange2016
        let access: EWSMailboxAccess
        switch connection.accessType?.lowercased() ?? "delegate" {
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
            minimumTLSVersion: connection.minimumTLSVersion == "1.3" ? .tlsv13 : .tlsv12,
            cipherSuites: connection.cipherSuites?.joined(separator: ":")
        )
        return EWSMailSource(transport: transport, builder: EWSRequestBuilder(version: version, access: access))
    }
}
