import ClientTLS
import Domain
import Foundation
import MicrosoftIdentity
import NIOSSL

/// Everything a Graph source needs to reach one mailbox, as plain values: the app registration and its cloud,
/// where Graph and the token endpoint are, the mailbox, and TLS. Folder lists and the start time are the
/// mailbox's settings, which the engine applies (`Mailbox.folderAllowlist`, `startTimestamp`).
public struct GraphSourceSettings: Sendable, Equatable {
    /// How the app proves who it is.
    public enum Credential: Sendable, Equatable {
        /// The client secret's value.
        case secret(String)
        /// The certificate uploaded to the app registration and its RSA private key, both PEM.
        case certificate(certificatePEM: String, privateKeyPEM: String)
    }

    /// The Entra ID directory: a GUID or a verified domain.
    public var tenantID: String
    /// The application (client) id.
    public var clientID: String
    public var credential: Credential
    /// `global` (default), `gcc_high` or `china`: the token authority and Graph host.
    public var cloud: String?
    /// Another token host than the cloud's (a private cloud, a proxy, a test server).
    public var authorityHost: String?
    /// Another Graph root than the cloud's `https://graph.microsoft.com/v1.0` (a proxy, a test server).
    public var graphBaseURL: String?
    /// The mailbox's primary SMTP address, or the user's object id.
    public var mailbox: String
    public var caFile: String?
    public var insecureSkipVerify: Bool
    /// "1.2" (default) or "1.3".
    public var minimumTLSVersion: String?
    public var cipherSuites: [String]?
    /// `Prefer: odata.maxpagesize` of delta pages.
    public var pageSize: Int
    /// Requests in flight at once for the mailbox (Graph's limit per app and mailbox is 4).
    public var concurrentRequests: Int

    public init(tenantID: String, clientID: String, credential: Credential, cloud: String? = nil,
                authorityHost: String? = nil, graphBaseURL: String? = nil, mailbox: String, caFile: String? = nil,
                insecureSkipVerify: Bool = false, minimumTLSVersion: String? = nil, cipherSuites: [String]? = nil,
                pageSize: Int = 100, concurrentRequests: Int = 4) {
        self.tenantID = tenantID
        self.clientID = clientID
        self.credential = credential
        self.cloud = cloud
        self.authorityHost = authorityHost
        self.graphBaseURL = graphBaseURL
        self.mailbox = mailbox
        self.caFile = caFile
        self.insecureSkipVerify = insecureSkipVerify
        self.minimumTLSVersion = minimumTLSVersion
        self.cipherSuites = cipherSuites
        self.pageSize = pageSize
        self.concurrentRequests = concurrentRequests
    }

    /// The cloud, with the authority host override applied.
    /// - Throws: `MailSourceError(.configuration)` naming `cloud` or `authority_host`.
    public func azureCloud() throws -> AzureCloud {
        let cloud = try AzureCloud.named(cloud)
        guard let host = authorityHost, !host.isEmpty else { return cloud }
        return try cloud.withAuthorityHost(host)
    }

    /// The application, checked.
    /// - Throws: `MailSourceError(.configuration)` for missing or malformed ids and credentials.
    public func application() throws -> ClientCredentialsApplication {
        let clientCredential: ClientCredential
        switch credential {
        case .secret(let secret): clientCredential = .secret(secret)
        case .certificate(let certificate, let key):
            clientCredential = .certificate(try ClientCertificate(certificatePEM: certificate, privateKeyPEM: key))
        }
        return try ClientCredentialsApplication(tenantID: tenantID, clientID: clientID, credential: clientCredential,
                                                cloud: try azureCloud())
    }

    /// The Graph root requests go under: the override, or the cloud's host with `/v1.0`.
    /// - Throws: `MailSourceError(.configuration)` for a base URL that isn't https (http only on loopback).
    public func baseURL() throws -> String {
        guard let text = graphBaseURL?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return try azureCloud().graphHost.absoluteString + "/v1.0"
        }
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
              let host = url.host?.lowercased(), !host.isEmpty, url.query == nil, url.user == nil
        else {
            throw MailSourceError(.configuration, "graph_base_url must be an absolute https URL", detail: text)
        }
        let loopback = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host)
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw MailSourceError(.configuration, "graph_base_url must use https (http only for localhost)",
                                  detail: text)
        }
        var trimmed = text
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed
    }

    /// The TLS settings of every request, checked once (the CA file read) so a mistake shows up front.
    /// - Throws: `MailSourceError(.configuration)` naming the setting.
    public func tlsConfiguration() throws -> TLSConfiguration {
        let minimum: TLSVersion
        switch minimumTLSVersion {
        case nil, "1.2": minimum = .tlsv12
        case "1.3": minimum = .tlsv13
        case let other?:
            throw MailSourceError(.configuration, "minimum_tls_version must be 1.2 or 1.3", detail: other)
        }
        let configuration = try ClientTLS.configuration(
            caFile: caFile, insecureSkipVerify: insecureSkipVerify, minimumVersion: minimum,
            cipherSuites: cipherSuites?.joined(separator: ":"))
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw MailSourceError(.configuration, "invalid TLS settings (check ca_file)", detail: "\(error)")
        }
        return configuration
    }
}
