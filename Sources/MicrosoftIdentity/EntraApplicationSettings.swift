import Domain
import Foundation

/// An Entra ID application as an Exchange connection (EWS or Graph) names it: `tenant_id`, `client_id`, and either
/// `client_secret` or `client_certificate` + `client_private_key`, with an optional `cloud` and `authority_host`.
/// Read from the flat keys or from Communications Mining's `application` object (`{"kind": "custom", …}`); stored
/// under the flat keys, the secret and the private key apart.
public struct EntraApplicationSettings: Sendable, Equatable {
    public var tenantID: String
    public var clientID: String
    /// A secret.
    public var clientSecret: String?
    /// PEM, public.
    public var clientCertificate: String?
    /// PEM. A secret.
    public var clientPrivateKey: String?
    /// `global` (default), `gcc_high`, `dod` or `china`.
    public var cloud: String?
    /// Another token host than the cloud's (private clouds, proxies, tests).
    public var authorityHost: String?

    public static let publicKeys = ["tenant_id", "client_id", "client_certificate", "cloud", "authority_host"]
    public static let secretKeys = ["client_secret", "client_private_key"]

    public init(tenantID: String, clientID: String, clientSecret: String? = nil, clientCertificate: String? = nil,
                clientPrivateKey: String? = nil, cloud: String? = nil, authorityHost: String? = nil) {
        self.tenantID = tenantID
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.clientCertificate = clientCertificate
        self.clientPrivateKey = clientPrivateKey
        self.cloud = cloud
        self.authorityHost = authorityHost
    }

    /// Whether a connection as given names an application (any of its keys, flat or in `application`).
    public static func isGiven(in reader: ConnectionReader) -> Bool {
        (publicKeys + secretKeys).contains { reader.has($0) }
    }

    /// Reads and checks the application's keys from `reader` (the connection, or its `application` object).
    /// - Parameters:
    ///   - previous: the stored connection: a secret left out keeps its value unless the request switches to the
    ///     other kind of credential.
    ///   - requireCredential: false where the credential may be set by a later request (Communications Mining's
    ///     clients create an application without its secret); the sync then reports it missing.
    public init(reading reader: inout ConnectionReader, previous: ConnectionSettings?,
                requireCredential: Bool = true) throws(ConnectionProblem) {
        let id = TextLimit(minimum: 1, maximum: 256)
        guard let tenant = try reader.string("tenant_id", limit: id) else {
            throw .required(reader.field("tenant_id"), "the directory's GUID or domain")
        }
        guard let client = try reader.string("client_id", limit: id) else {
            throw .required(reader.field("client_id"), "the application (client) id")
        }
        var secret = try reader.string("client_secret", limit: TextLimit(minimum: 1, maximum: 1_024))
        var certificate = try reader.string("client_certificate",
                                            limit: TextLimit(minimum: 1, maximum: 65_536, multiline: true))
        var key = try reader.string("client_private_key", limit: TextLimit(minimum: 1, maximum: 65_536, multiline: true))
        let cloud = try reader.choice("cloud", among: AzureCloud.all.map(\.name))
        let authorityHost = try reader.string("authority_host", limit: TextLimit(minimum: 1, maximum: 2_048))
        if secret != nil, certificate != nil || key != nil {
            throw ConnectionProblem(reader.field("client_secret"),
                                    "give either client_secret or client_certificate and client_private_key, not both")
        }
        if let previous, secret == nil, certificate == nil, key == nil {
            secret = previous.secret("client_secret")
            certificate = previous.string("client_certificate")
            key = previous.secret("client_private_key")
        } else if let previous, certificate != nil, key == nil {
            key = previous.secret("client_private_key")
        }
        self.init(tenantID: tenant, clientID: client, clientSecret: secret, clientCertificate: certificate,
                  clientPrivateKey: key, cloud: cloud, authorityHost: authorityHost)
        do {
            if requireCredential || clientSecret != nil || clientCertificate != nil || clientPrivateKey != nil {
                _ = try self.application()
            } else {
                _ = try self.azureCloud()
            }
        } catch {
            throw ConnectionProblem(reader.field(error.field), error.message)
        }
    }

    /// The application of a stored connection, when it names one.
    public init?(_ settings: ConnectionSettings) {
        guard let tenant = settings.string("tenant_id"), let client = settings.string("client_id") else { return nil }
        self.init(tenantID: tenant, clientID: client, clientSecret: settings.secret("client_secret"),
                  clientCertificate: settings.string("client_certificate"),
                  clientPrivateKey: settings.secret("client_private_key"), cloud: settings.string("cloud"),
                  authorityHost: settings.string("authority_host"))
    }

    /// Communications Mining's `application` object for a stored connection's app: `{"kind": "custom", …ids}`.
    public static func customApplicationView(_ settings: ConnectionSettings) -> JSONValue {
        var application: [String: JSONValue] = ["kind": .string("custom")]
        for key in ["client_id", "tenant_id", "cloud", "authority_host"] { application[key] = settings.fields[key] }
        return .object(application)
    }

    public func write(into settings: inout ConnectionSettings) {
        settings.set("tenant_id", tenantID)
        settings.set("client_id", clientID)
        settings.set("client_certificate", clientCertificate)
        settings.set("cloud", cloud)
        settings.set("authority_host", authorityHost)
        settings.setSecret("client_secret", clientSecret)
        settings.setSecret("client_private_key", clientPrivateKey)
    }

    /// The cloud, with its token host replaced when `authority_host` says so.
    public func azureCloud() throws(ConnectionProblem) -> AzureCloud {
        let named: AzureCloud
        do { named = try AzureCloud.named(cloud) } catch { throw ConnectionProblem("cloud", Self.summary(error)) }
        guard let authorityHost else { return named }
        do { return try named.withAuthorityHost(authorityHost) } catch {
            throw ConnectionProblem("authority_host", Self.summary(error))
        }
    }

    /// The application that asks for tokens.
    /// - Throws: `ConnectionProblem` naming the field (relative to where the keys were read) for a missing
    ///   credential, half a certificate, or a certificate or key that can't be read.
    public func application() throws(ConnectionProblem) -> ClientCredentialsApplication {
        let credential: ClientCredential
        switch (clientSecret, clientCertificate, clientPrivateKey) {
        case (let secret?, nil, _):
            credential = .secret(secret)
        case (nil, let certificate?, let key?):
            do {
                credential = .certificate(try ClientCertificate(certificatePEM: certificate, privateKeyPEM: key))
            } catch {
                throw ConnectionProblem("client_certificate", Self.summary(error))
            }
        case (nil, _?, nil), (nil, nil, _?):
            throw ConnectionProblem("client_certificate", "client_certificate and client_private_key go together")
        case (nil, nil, nil):
            throw .required("client_secret", "a client_secret, or client_certificate and client_private_key")
        default:
            throw ConnectionProblem("client_secret",
                                    "give either client_secret or client_certificate and client_private_key, not both")
        }
        let cloud = try azureCloud()
        do {
            return try ClientCredentialsApplication(tenantID: tenantID, clientID: clientID, credential: credential,
                                                    cloud: cloud)
        } catch {
            let summary = Self.summary(error)
            for field in ["tenant_id", "client_id", "client_secret"] where summary.hasPrefix(field + " ") {
                throw ConnectionProblem(field, String(summary.dropFirst(field.count + 1)))
            }
            throw ConnectionProblem("client_id", summary)
        }
    }

    private static func summary(_ error: any Error) -> String {
        (error as? MailSourceError)?.summary ?? "is not valid"
    }
}
