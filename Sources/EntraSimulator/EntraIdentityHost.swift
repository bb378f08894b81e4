import Foundation

/// A simulator that keeps a simulated Entra ID, and so offers the test control API of its token endpoint: change
/// applications after start, expire tokens, fail token requests, and see what was asked. The same for each
/// simulator; each says only where its ``EntraIdentityState`` lives.
public protocol EntraIdentityHost: Sendable {
    associatedtype Attachment: Sendable & Hashable

    /// Runs `body` on the simulator's Entra ID state, under the lock that guards the rest of its state.
    func withEntraIdentity<Result: Sendable>(_ body: (inout EntraIdentityState<Attachment>) -> Result) -> Result
}

extension EntraIdentityHost {
    /// Makes every secret of an application expire now: the next token request with one gets AADSTS7000222.
    public func expireSecrets(clientID: String) {
        withEntraIdentity { $0.expireSecrets(clientID: clientID, now: Date(timeIntervalSinceNow: -1)) }
    }

    /// Disables an application (AADSTS7000112 from then on), or enables it again.
    public func setApplicationEnabled(_ enabled: Bool, clientID: String) {
        withEntraIdentity { $0.updateApplications(clientID: clientID) { $0.enabled = enabled } }
    }

    /// Deletes an application's registration (AADSTS700016 from then on); tokens already issued keep working
    /// until they expire, as in Entra ID.
    public func removeApplication(clientID: String) {
        withEntraIdentity { $0.removeApplication(clientID: clientID) }
    }

    /// Makes every token issued so far expire now: the simulator answers 401 to them.
    public func expireIssuedTokens() {
        withEntraIdentity { $0.expireIssuedTokens(now: Date(timeIntervalSinceNow: -1)) }
    }

    /// Answers the next `count` token requests with `failure`.
    public func failNextTokenRequests(with failure: EntraTokenFailure, count: Int = 1) {
        withEntraIdentity { $0.failNextTokenRequests(with: failure, count: count) }
    }

    /// Every token request received, in order.
    public var tokenRequests: [EntraTokenRequest] {
        withEntraIdentity { $0.requests }
    }

    /// How many token requests were answered with a token.
    public var tokensIssued: Int {
        withEntraIdentity { state in state.requests.filter { $0.status == 200 }.count }
    }
}
