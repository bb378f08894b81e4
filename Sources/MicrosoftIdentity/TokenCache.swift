import Foundation

/// App-only access tokens shared by every caller in the process: one per authority, tenant, client, credential and
/// scope, handed out until shortly before it expires (``AccessToken/refreshMargin``). Concurrent callers that find
/// no fresh token wait for a single request; a caller that is cancelled stops waiting at once, and the request
/// ends when nobody waits for it. Failures are not cached: the next caller asks again.
public actor TokenCache {
    /// What a token is for. Two integrations of the same app with the same credential share a token.
    public struct Key: Hashable, Sendable {
        public var authority: String
        public var tenant: String
        public var clientID: String
        /// ``ClientCredentialsApplication/credentialFingerprint``: a changed secret never gets the old one's token.
        public var credential: String
        public var scope: String

        public init(authority: String, tenant: String, clientID: String, credential: String, scope: String) {
            self.authority = authority
            self.tenant = tenant.lowercased()
            self.clientID = clientID.lowercased()
            self.credential = credential
            self.scope = scope
        }
    }

    private var tokens: [Key: AccessToken] = [:]
    private var requests: [Key: SharedTokenRequest] = [:]
    /// The clock tokens are judged by; providers stamp the tokens they get with it too.
    public nonisolated let now: @Sendable () -> Date

    /// - Parameter now: the clock tokens are judged by (tests move it).
    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    /// A fresh token for `key`: the cached one, the one being requested, or a new one from `fetch`.
    /// - Parameters:
    ///   - rejected: a token the resource server refused (HTTP 401). When it is the cached one, the cache drops it
    ///     and fetches again; when the cache already holds a newer one (another caller refreshed), that one comes
    ///     back without a request.
    ///   - fetch: asks the token endpoint; called at most once at a time per key.
    /// - Throws: what `fetch` throws, to every caller waiting for that request.
    public func token(for key: Key, rejecting rejected: String? = nil,
                      fetch: @escaping @Sendable () async throws -> AccessToken) async throws -> AccessToken {
        if let rejected, tokens[key]?.value == rejected {
            tokens[key] = nil
        }
        if let cached = tokens[key], cached.isFresh(at: now()), cached.value != rejected {
            return cached
        }
        if let running = requests[key] {
            return try await running.value()
        }
        let request = SharedTokenRequest()
        requests[key] = request
        request.start {
            let result: Result<AccessToken, any Error>
            do {
                result = .success(try await fetch())
            } catch {
                result = .failure(error)
            }
            await self.finished(request, key: key, with: result)
            return result
        }
        return try await request.value()
    }

    /// Keeps what a request for `key` got (nothing when it failed), and lets the next caller ask again.
    private func finished(_ request: SharedTokenRequest, key: Key, with result: Result<AccessToken, any Error>) {
        tokens[key] = try? result.get()
        if requests[key] === request { requests[key] = nil }
    }

    /// Forgets every token (an integration's credentials changed, or tests).
    public func removeAll() {
        tokens.removeAll()
    }
}
