import EntraSimulator
import Foundation
import Synchronization

/// The simulated Entra ID: its control API (``EntraIdentityHost``) and the token endpoint's answers.
extension EWSSimulator: EntraIdentityHost {
    /// Runs `body` on the simulated Entra ID's state, under the simulator's lock.
    public func withEntraIdentity<Result: Sendable>(
        _ body: (inout EntraIdentityState<EWSApplicationRights>) -> Result
    ) -> Result {
        state.withLock { body(&$0.identity) }
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
