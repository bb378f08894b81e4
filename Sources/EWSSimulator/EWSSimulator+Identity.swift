import EntraSimulator
import Foundation
import Synchronization

/// The test control API of the simulated Entra ID: change applications after start, expire tokens, fail token
/// requests, and see what was asked.
extension EWSSimulator {
    /// Makes every secret of an application expire now: the next token request with one gets AADSTS7000222.
    public func expireSecrets(clientID: String) {
        state.withLock { $0.identity.expireSecrets(clientID: clientID, now: Date(timeIntervalSinceNow: -1)) }
    }

    /// Disables an application (AADSTS7000112 from then on), or enables it again.
    public func setApplicationEnabled(_ enabled: Bool, clientID: String) {
        state.withLock { $0.identity.updateApplications(clientID: clientID) { $0.enabled = enabled } }
    }

    /// Deletes an application's registration (AADSTS700016 from then on); tokens already issued keep working
    /// until they expire, as in Entra ID.
    public func removeApplication(clientID: String) {
        state.withLock { $0.identity.removeApplication(clientID: clientID) }
    }

    /// Makes every token issued so far expire now: the EWS endpoint answers 401 to them.
    public func expireIssuedTokens() {
        state.withLock { $0.identity.expireIssuedTokens(now: Date(timeIntervalSinceNow: -1)) }
    }

    /// Answers the next `count` token requests with `failure`.
    public func failNextTokenRequests(with failure: EntraTokenFailure, count: Int = 1) {
        state.withLock { $0.identity.failNextTokenRequests(with: failure, count: count) }
    }

    /// Every token request received, in order.
    public var tokenRequests: [EntraTokenRequest] {
        state.withLock { $0.identity.requests }
    }

    /// How many token requests were answered with a token.
    public var tokensIssued: Int {
        state.withLock { state in state.identity.requests.filter { $0.status == 200 }.count }
    }

    /// The simulated Entra ID token endpoint (``EntraTokenIssuer``), answered as an ``HTTPAnswer``.
    func answerTokenRequest(tenant: String, body: [UInt8], audience: String) -> HTTPAnswer {
        let issuer = EntraTokenIssuer(lifetime: configuration.tokenLifetime, scopes: [configuration.tokenScope])
        let answer = state.withLock { state in
            issuer.answer(
                tenant: tenant, body: body, audiences: [audience], now: Date(),
                newToken: { _, _, _ in Self.newAccessToken() }, state: &state.identity)
        }
        return HTTPAnswer(
            status: answer.status, contentType: answer.header("Content-Type"),
            retryAfter: answer.header("Retry-After").flatMap { Int($0) }, body: answer.body)
    }
}
