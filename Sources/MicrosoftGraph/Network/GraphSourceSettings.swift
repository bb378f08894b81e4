import ClientTLS
import Domain
import Foundation
import MicrosoftIdentity
import NIOSSL

/// Everything a Graph source needs to reach one mailbox, as plain values: the app registration and its cloud,
/// where Graph and the token endpoint are, the mailbox, and TLS. Folder lists and the start time are the
/// mailbox's settings, which the engine applies (`Mailbox.folderAllowlist`, `startTimestamp`).
public struct GraphSourceSettings: Sendable, Equatable {
    /// The app registration and its cloud (the token authority and the Graph host).
    public var application: EntraApplicationSettings
    /// Another Graph root than the cloud's `https://graph.microsoft.com/v1.0` (a proxy, a test server).
    public var graphBaseURL: String?
    /// The mailbox's primary SMTP address, or the user's object id.
    public var mailbox: String
    public var tls: TLSOptions
    /// `Prefer: odata.maxpagesize` of delta pages.
    public var pageSize: Int
    /// Requests in flight at once for the mailbox (Graph's limit per app and mailbox is 4).
    public var concurrentRequests: Int

    public init(application: EntraApplicationSettings, graphBaseURL: String? = nil, mailbox: String,
                tls: TLSOptions = TLSOptions(), pageSize: Int = 100, concurrentRequests: Int = 4) {
        self.application = application
        self.graphBaseURL = graphBaseURL
        self.mailbox = mailbox
        self.tls = tls
        self.pageSize = pageSize
        self.concurrentRequests = concurrentRequests
    }

    /// The application, checked.
    /// - Throws: `MailSourceError(.configuration)` for missing or malformed ids and credentials.
    public func checkedApplication() throws -> ClientCredentialsApplication {
        do {
            return try application.application()
        } catch {
            throw MailSourceError(.configuration, error.description,
                                  advice: "give the application its client_secret (or client_certificate and "
                                    + "client_private_key) with POST /api/_private/integrations/<owner>/<name>, "
                                    + "then enable the integration")
        }
    }

    /// The Graph root requests go under: the override, or the cloud's host with `/v1.0`.
    /// - Throws: `MailSourceError(.configuration)` for a base URL that isn't https (http only on loopback).
    public func baseURL() throws -> String {
        guard let text = graphBaseURL?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            do {
                return try application.azureCloud().graphHost.absoluteString + "/v1.0"
            } catch {
                throw MailSourceError(.configuration, error.description)
            }
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
        let configuration = try tls.configuration()
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw MailSourceError(.configuration, "invalid TLS settings (check ca_file)", detail: "\(error)")
        }
        return configuration
    }
}
