import Domain
import Foundation

/// Gets app-only tokens for one application and scope through a shared ``TokenCache``: what a connector's
/// `Authorization: Bearer` needs. The HTTP exchange is injected, so the whole flow runs without a network in tests.
public struct ClientCredentialsTokenProvider: Sendable {
    public let application: ClientCredentialsApplication
    public let scope: String
    private let cache: TokenCache
    private let transport: TokenEndpointTransport
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - scope: e.g. ``AzureCloud/exchangeScope``.
    ///   - transport: carries the token request (``TokenEndpointTransport``).
    /// Assertions and token expiry use the cache's clock, which also judges freshness.
    public init(application: ClientCredentialsApplication, scope: String, cache: TokenCache,
                transport: @escaping TokenEndpointTransport) {
        self.application = application
        self.scope = scope
        self.cache = cache
        self.transport = transport
        now = cache.now
    }

    public var cacheKey: TokenCache.Key {
        TokenCache.Key(authority: application.cloud.authorityHost.absoluteString, tenant: application.tenantID,
                       clientID: application.clientID, credential: application.credentialFingerprint, scope: scope)
    }

    /// A token to send, cached or new.
    /// - Parameter rejected: the token the server just refused with 401, to get a newer one.
    /// - Throws: `MailSourceError` as ``TokenResponse/parse(_:receivedAt:)`` classifies the endpoint's answer,
    ///   or as the transport reports a failed exchange.
    public func accessToken(rejecting rejected: String? = nil) async throws -> AccessToken {
        try await cache.token(for: cacheKey, rejecting: rejected) { [self] in try await self.requestToken() }
    }

    /// One token request, without the cache.
    public func requestToken() async throws -> AccessToken {
        let fields = try application.tokenRequestFields(scope: scope, now: now())
        let request = TokenEndpointRequest(
            url: application.tokenEndpoint,
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
            body: Array(FormURLEncoding.encode(fields).utf8))
        let response = try await transport(request)
        return try TokenResponse.parse(response, receivedAt: now())
    }
}
