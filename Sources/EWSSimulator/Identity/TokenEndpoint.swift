import Foundation
import MicrosoftIdentity

/// Answers `POST /{tenant}/oauth2/v2.0/token` with the client credentials grant as Entra ID does: a Bearer token
/// for a registered app with a valid secret or assertion, or an error in Entra's JSON shape, HTTP 401 for
/// `invalid_client` and 400 for the others (learn.microsoft.com/entra/identity-platform/
/// v2-oauth2-client-creds-grant-flow, reference-error-codes). No I/O: the server passes the form and writes back.
struct TokenEndpoint {
    let configuration: EWSSimulatorConfiguration

    static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    /// - Parameters:
    ///   - audience: the URL this request was sent to, which an assertion's `aud` must name.
    ///   - newToken: makes an opaque access token.
    func answer(tenant: String, body: [UInt8], audience: String, now: Date, newToken: () -> String,
                state: inout IdentityState) -> HTTPAnswer {
        let form = FormURLEncoding.decode(String(decoding: body, as: UTF8.self)) ?? []
        func field(_ name: String) -> String? { form.first { $0.0 == name }?.1 }
        let clientID = field("client_id")
        let credential: TokenRequestRecord.Credential =
            field("client_secret") != nil ? .secret : field("client_assertion") != nil ? .assertion : .none
        var record = TokenRequestRecord(tenant: tenant, clientID: clientID, credential: credential, status: 200)
        let answer: HTTPAnswer
        if !state.failures.isEmpty {
            switch state.failures.removeFirst() {
            case .serviceUnavailable:
                answer = EntraError.answer(status: 503, error: "temporarily_unavailable", code: 90033,
                                           message: "A transient error has occurred. Please try again.", now: now)
            case .throttled(let seconds):
                // Clients go by the status and Retry-After; the body is the transient error's.
                var throttled = EntraError.answer(status: 429, error: "temporarily_unavailable", code: 90033,
                                                  message: "A transient error has occurred. Please try again.",
                                                  now: now)
                throttled.retryAfter = seconds
                answer = throttled
            }
        } else {
            do throws(EntraError) {
                answer = try issue(tenant: tenant, clientID: clientID, field: field, audience: audience, now: now,
                                   newToken: newToken, state: &state)
            } catch {
                record.errorCode = error.code
                answer = error.answer(now: now)
            }
        }
        record.status = answer.status
        if record.errorCode == nil, answer.status != 200 { record.errorCode = 90033 }
        state.requests.append(record)
        return answer
    }

    private func issue(tenant: String, clientID: String?, field: (String) -> String?, audience: String, now: Date,
                       newToken: () -> String, state: inout IdentityState) throws(EntraError) -> HTTPAnswer {
        guard state.knowsTenant(tenant) else {
            throw EntraError(.invalidRequest, 90002, "Tenant '\(tenant)' not found. Check to make sure you have the "
                             + "correct tenant ID and are signing into the correct cloud.")
        }
        guard field("grant_type") == "client_credentials" else {
            throw EntraError(.unsupportedGrantType, 70003, "The app requested an unsupported grant type.")
        }
        guard let clientID, !clientID.isEmpty else {
            throw EntraError(.invalidRequest, 900_144, "The request body must contain the following parameter: "
                             + "'client_id'.")
        }
        guard let index = state.applicationIndex(tenant: tenant, clientID: clientID) else {
            throw EntraError(.unauthorizedClient, 700_016, "Application with identifier '\(clientID)' was not found "
                             + "in the directory '\(tenant)'. This can happen if the application has not been "
                             + "installed by the administrator of the tenant.")
        }
        let application = state.applications[index]
        guard application.enabled else {
            throw EntraError(.unauthorizedClient, 7_000_112, "Application '\(clientID)' is disabled.")
        }
        guard field("scope") == configuration.tokenScope else {
            throw EntraError(.invalidScope, 70011, "The provided value for the input parameter 'scope' is not "
                             + "valid. The scope \(field("scope") ?? "") is not valid.")
        }
        if let secret = field("client_secret") {
            guard let match = application.secrets.first(where: { $0.value == secret }) else {
                throw EntraError(.invalidClient, 7_000_215, "Invalid client secret provided. Ensure the secret being "
                                 + "sent in the request is the client secret value, not the client secret ID, for a "
                                 + "secret added to app '\(clientID)'.")
            }
            if let expires = match.expires, expires <= now {
                throw EntraError(.invalidClient, 7_000_222, "The provided client secret keys for app '\(clientID)' "
                                 + "are expired. Visit the Azure portal to create new keys for your app.")
            }
        } else if let assertion = field("client_assertion") {
            guard field("client_assertion_type") == Self.assertionType else {
                throw EntraError(.invalidRequest, 50027, "Invalid client_assertion_type.")
            }
            do {
                try AssertionVerifier(certificatePEM: application.certificatePEM, clientID: clientID,
                                      audience: audience).verify(assertion, now: now)
            } catch {
                throw EntraError(error.code == 50027 ? .invalidRequest : .invalidClient, error.code, error.message)
            }
        } else {
            throw EntraError(.invalidClient, 7_000_218, "The request body must contain the following parameter: "
                             + "'client_assertion' or 'client_secret'.")
        }
        let token = newToken()
        let lifetime = configuration.tokenLifetime
        state.issued[token] = IdentityState.IssuedToken(login: application.login,
                                                        expires: now.addingTimeInterval(TimeInterval(lifetime)))
        let json = #"{"token_type":"Bearer","expires_in":\#(lifetime),"ext_expires_in":\#(lifetime),"#
            + #""access_token":"\#(token)"}"#
        return HTTPAnswer(status: 200, contentType: "application/json; charset=utf-8", body: Array(json.utf8))
    }
}
