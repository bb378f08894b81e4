import ClientTLS
import Domain
import Foundation
import MicrosoftIdentity
import NIOCore
import NIOHTTP1
import NIOSSL

/// Makes Graph sources for the engine: the settings of each mailbox come from `settings`, which reads them from
/// the integration; tokens come from one cache shared by every mailbox; requests go through the process's
/// ``GraphHTTPClient`` for the outbound policy.
public struct GraphSourceFactory: MailSourceFactory {
    public let outboundPolicy: OutboundPolicy
    public let tokens: TokenCache
    let settings: @Sendable (Integration, Mailbox) throws -> GraphSourceSettings

    /// - Parameters:
    ///   - outboundPolicy: where connections may go: Graph and the token endpoint alike.
    ///   - tokens: the token cache; one per process.
    ///   - settings: a mailbox's settings from its integration; throws `MailSourceError(.configuration)`.
    public init(outboundPolicy: OutboundPolicy, tokens: TokenCache = TokenCache(),
                settings: @escaping @Sendable (Integration, Mailbox) throws -> GraphSourceSettings) {
        self.outboundPolicy = outboundPolicy
        self.tokens = tokens
        self.settings = settings
    }

    public func makeSource(integration: Integration, mailbox: Mailbox) async throws -> any MailSource {
        try await makeSource(try settings(integration, mailbox))
    }

    /// A source for one mailbox from plain settings.
    /// - Throws: `MailSourceError(.configuration)` for settings that can't work.
    public func makeSource(_ settings: GraphSourceSettings) async throws -> GraphMailSource {
        let application = try settings.application()
        let base = try settings.baseURL()
        let tls = try settings.tlsConfiguration()
        let http = try await GraphHTTPClient.shared(for: outboundPolicy)
        let provider = ClientCredentialsTokenProvider(
            application: application, scope: application.cloud.graphScope, cache: tokens,
            transport: Self.tokenTransport(http: http, tls: tls))
        let client = GraphClient(
            http: http, requests: GraphRequests(base: base, user: settings.mailbox), tls: tls,
            token: { rejected in try await provider.accessToken(rejecting: rejected).value },
            gate: RequestGate(limit: settings.concurrentRequests), pageSize: max(1, min(settings.pageSize, 1000)))
        return GraphMailSource(client: client)
    }

    /// Token requests over the same client (and so the same tunnel and policy) as Graph's.
    static func tokenTransport(http: GraphHTTPClient, tls: TLSConfiguration) -> TokenEndpointTransport {
        { request in
            guard let scheme = request.url.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
                throw MailSourceError(.configuration, "the token endpoint is not an http(s) URL",
                                      detail: request.url.absoluteString)
            }
            do {
                let response = try await http.send(method: .POST, url: request.url.absoluteString,
                                                   headers: request.headers, body: request.body, tls: tls,
                                                   maximumBody: 1 << 20, timeout: .seconds(60))
                return TokenEndpointResponse(status: response.status,
                                             headers: response.headers.map { ($0.name, $0.value) },
                                             body: response.body)
            } catch let error as MailSourceError where error.kind != .configuration {
                throw MailSourceError(error.kind, "cannot reach the Entra ID token endpoint", detail: error.detail)
            } catch is GraphHTTPClient.BodyTooLarge {
                throw MailSourceError(.transient(retryAfter: nil), "the token endpoint's answer is too large")
            }
        }
    }
}
