import Foundation
import Synchronization

/// The test control API of the simulated Entra ID: change applications after start, expire tokens, fail token
/// requests, and see what was asked.
extension EWSSimulator {
    /// Makes every secret of an application expire now: the next token request with one gets AADSTS7000222.
    public func expireSecrets(clientID: String) {
        updateApplications(clientID: clientID) { application in
            application.secrets = application.secrets.map { .init($0.value, expires: Date(timeIntervalSinceNow: -1)) }
        }
    }

    /// Disables an application (AADSTS7000112 from then on), or enables it again.
    public func setApplicationEnabled(_ enabled: Bool, clientID: String) {
        updateApplications(clientID: clientID) { $0.enabled = enabled }
    }

    /// Deletes an application's registration (AADSTS700016 from then on); tokens already issued keep working
    /// until they expire, as in Entra ID.
    public func removeApplication(clientID: String) {
        state.withLock { state in
            state.identity.applications.removeAll { $0.clientID.caseInsensitiveCompare(clientID) == .orderedSame }
        }
    }

    /// Makes every token issued so far expire now: the EWS endpoint answers 401 to them.
    public func expireIssuedTokens() {
        state.withLock { state in
            let past = Date(timeIntervalSinceNow: -1)
            for token in state.identity.issued.keys { state.identity.issued[token]?.expires = past }
        }
    }

    /// Answers the next `count` token requests with `failure`.
    public func failNextTokenRequests(with failure: TokenEndpointFailure, count: Int = 1) {
        state.withLock { state in
            state.identity.failures += Array(repeating: failure, count: max(count, 0))
        }
    }

    /// Every token request received, in order.
    public var tokenRequests: [TokenRequestRecord] {
        state.withLock { $0.identity.requests }
    }

    /// How many token requests were answered with a token.
    public var tokensIssued: Int {
        state.withLock { state in state.identity.requests.filter { $0.status == 200 }.count }
    }

    private func updateApplications(clientID: String, _ change: (inout RegisteredApplication) -> Void) {
        state.withLock { state in
            for index in state.identity.applications.indices
            where state.identity.applications[index].clientID.caseInsensitiveCompare(clientID) == .orderedSame {
                change(&state.identity.applications[index])
            }
        }
    }
}
