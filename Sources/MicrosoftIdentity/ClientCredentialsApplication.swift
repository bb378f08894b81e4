import Crypto
import Domain
import Foundation

/// How an application proves who it is to Entra ID.
public enum ClientCredential: Sendable {
    /// A client secret (the secret's value, not its id).
    case secret(String)
    /// A certificate uploaded to the app registration and its private key.
    case certificate(ClientCertificate)
}

/// A confidential client that gets app-only tokens with the OAuth 2.0 client credentials grant (RFC 6749 §4.4;
/// learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow).
public struct ClientCredentialsApplication: Sendable {
    /// The directory: a GUID or a verified domain such as `contoso.onmicrosoft.com`.
    public let tenantID: String
    /// The application (client) id.
    public let clientID: String
    public let credential: ClientCredential
    public let cloud: AzureCloud

    /// - Throws: `MailSourceError(.configuration)` for an empty or malformed tenant or client id, or an empty secret.
    public init(tenantID: String, clientID: String, credential: ClientCredential, cloud: AzureCloud = .global) throws {
        let tenant = tenantID.trimmingCharacters(in: .whitespaces)
        let client = clientID.trimmingCharacters(in: .whitespaces)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-_"))
        guard !tenant.isEmpty, tenant.unicodeScalars.allSatisfy(allowed.contains) else {
            throw MailSourceError(.configuration, "tenant_id must be the directory's GUID or domain", detail: tenant)
        }
        guard !client.isEmpty, client.unicodeScalars.allSatisfy(allowed.contains) else {
            throw MailSourceError(.configuration, "client_id must be the application (client) id", detail: client)
        }
        if case .secret(let secret) = credential, secret.isEmpty {
            throw MailSourceError(.configuration, "client_secret is empty")
        }
        self.tenantID = tenant
        self.clientID = client
        self.credential = credential
        self.cloud = cloud
    }

    public var tokenEndpoint: URL { cloud.tokenEndpoint(tenant: tenantID) }

    /// Identifies the credential in cache keys without holding it: SHA-256 of the secret, or the certificate's
    /// thumbprint, so an integration with another secret for the same app never gets this one's token.
    public var credentialFingerprint: String {
        switch credential {
        case .secret(let secret): SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
        case .certificate(let certificate): certificate.sha256Thumbprint
        }
    }

    /// The form fields of a token request for `scope` (`application/x-www-form-urlencoded`, in this order).
    /// - Throws: `MailSourceError(.configuration)` when the assertion can't be signed.
    public func tokenRequestFields(scope: String, now: Date = Date()) throws -> [(String, String)] {
        var fields = [("client_id", clientID), ("scope", scope), ("grant_type", "client_credentials")]
        switch credential {
        case .secret(let secret):
            fields.append(("client_secret", secret))
        case .certificate(let certificate):
            let assertion = try ClientAssertion(certificate: certificate, clientID: clientID, audience: tokenEndpoint,
                                                now: now)
            fields.append(("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"))
            fields.append(("client_assertion", assertion.compact))
        }
        return fields
    }
}
