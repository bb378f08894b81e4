import Foundation
import MicrosoftIdentity

/// Answers `POST /{tenant}/oauth2/v2.0/token` with the client credentials grant as Entra ID does: a Bearer token
/// for a registered app with a valid secret or client assertion and one of the `scopes` the resource accepts, or an
/// error in Entra's JSON shape (learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow,
/// reference-error-codes). No I/O: the simulator passes the form and writes the answer with its own server.
public struct EntraTokenIssuer: Sendable {
    public static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    /// `expires_in` of the tokens, in seconds.
    public let lifetime: Int
    /// The app-only scopes of the resource the tokens are for (`https://outlook.office365.com/.default`).
    public let scopes: Set<String>

    public init(lifetime: Int, scopes: Set<String>) {
        self.lifetime = lifetime
        self.scopes = scopes
    }

    /// - Parameters:
    ///   - audiences: the URLs an assertion's `aud` may name (this endpoint, with the tenant as named or as id).
    ///   - newToken: makes the access token for a client id, tenant id and expiry.
    public func answer<Attachment>(
        tenant: String, body: [UInt8], audiences: [String], now: Date,
        newToken: (_ clientID: String, _ tenantID: String, _ expires: Date) -> String,
        state: inout EntraIdentityState<Attachment>
    ) -> EntraAnswer {
        let form = FormURLEncoding.decode(String(decoding: body, as: UTF8.self)) ?? []
        func field(_ name: String) -> String? { form.first { $0.0 == name }?.1 }
        let credential: EntraTokenRequest.Credential =
            field("client_secret") != nil ? .secret : field("client_assertion") != nil ? .assertion : .none
        var record = EntraTokenRequest(
            tenant: tenant, clientID: field("client_id"), scope: field("scope"), credential: credential, status: 200)
        var answer: EntraAnswer
        if !state.failures.isEmpty {
            let transient = EntraError(
                .temporarilyUnavailable, 90033, "A transient error has occurred. Please try again.")
            switch state.failures.removeFirst() {
            case .serviceUnavailable:
                answer = transient.answer(now: now, status: 503)
            case .throttled(let seconds):
                // Clients go by the status and Retry-After; the body is the transient error's.
                answer = transient.answer(now: now, status: 429)
                answer.headers.append(("Retry-After", String(seconds)))
            }
            record.errorCode = transient.code
        } else {
            do throws(EntraError) {
                answer = try issue(
                    tenant: tenant, field: field, audiences: audiences, now: now, newToken: newToken, state: &state)
            } catch {
                record.errorCode = error.code
                answer = error.answer(now: now)
            }
        }
        record.status = answer.status
        state.requests.append(record)
        return answer
    }

    private func issue<Attachment>(
        tenant: String, field: (String) -> String?, audiences: [String], now: Date,
        newToken: (String, String, Date) -> String, state: inout EntraIdentityState<Attachment>
    ) throws(EntraError) -> EntraAnswer {
        guard state.knowsTenant(tenant) else { throw EntraError.tenantNotFound(tenant) }
        guard field("grant_type") == "client_credentials" else {
            throw EntraError(.unsupportedGrantType, 70003, "The app requested an unsupported grant type.")
        }
        guard let clientID = field("client_id"), !clientID.isEmpty else {
            throw EntraError(.invalidRequest, 900_144, "The request body must contain the following parameter: "
                + "'client_id'.")
        }
        guard let index = state.applicationIndex(tenant: tenant, clientID: clientID) else {
            throw EntraError(.unauthorizedClient, 700_016, "Application with identifier '\(clientID)' was not "
                + "found in the directory '\(tenant)'. This can happen if the application has not been installed "
                + "by the administrator of the tenant or consented to by any user in the tenant. You may have sent "
                + "your authentication request to the wrong tenant.")
        }
        let application = state.applications[index]
        guard application.enabled else {
            throw EntraError(.unauthorizedClient, 7_000_112, "Application '\(clientID)'(\(application.displayName)) "
                + "is disabled.")
        }
        try checkScope(field("scope"))
        if let secret = field("client_secret") {
            guard let match = application.secrets.first(where: { $0.value == secret }) else {
                throw EntraError(.invalidClient, 7_000_215, "Invalid client secret provided. Ensure the secret "
                    + "being sent in the request is the client secret value, not the client secret ID, for a "
                    + "secret added to app '\(clientID)'.")
            }
            if let expires = match.expires, expires <= now {
                throw EntraError(.invalidClient, 7_000_222, "The provided client secret keys for app '\(clientID)' "
                    + "are expired. Visit the Azure portal to create new keys for your app: "
                    + "https://aka.ms/NewClientSecret, or consider using certificate credentials for added "
                    + "security: https://aka.ms/certCreds.")
            }
        } else if let assertion = field("client_assertion") {
            guard field("client_assertion_type") == Self.assertionType else {
                throw EntraError(.invalidRequest, 50027, "Invalid client_assertion_type.")
            }
            try verify(assertion, clientID: clientID, certificatePEM: application.certificatePEM, audiences: audiences,
                       now: now)
        } else {
            throw EntraError(.invalidClient, 7_000_218, "The request body must contain the following parameter: "
                + "'client_assertion' or 'client_secret'.")
        }
        let expires = now.addingTimeInterval(TimeInterval(lifetime))
        let token = newToken(application.clientID, application.tenantID, expires)
        state.issued[token] = .init(
            clientID: application.clientID, tenantID: application.tenantID, attachment: application.attachment,
            expires: expires)
        return EntraAnswer.json(
            ["token_type": "Bearer", "expires_in": lifetime, "ext_expires_in": lifetime, "access_token": token],
            status: 200)
    }

    /// Client credential flows take only `<resource>/.default` (AADSTS1002012); a resource other than this one's
    /// is not valid here (AADSTS70011).
    private func checkScope(_ scope: String?) throws(EntraError) {
        guard let scope, scopes.contains(scope) else {
            let named = scope ?? ""
            guard named.hasSuffix("/.default") else {
                throw EntraError(.invalidScope, 1_002_012, "The provided value for scope \(named) is not valid. "
                    + "Client credential flows must have a scope value with /.default suffixed to the resource "
                    + "identifier (application ID URI).")
            }
            throw EntraError(.invalidScope, 70011, "The provided value for the input parameter 'scope' is not "
                + "valid. The scope \(named) is not valid.")
        }
    }

    /// An assertion may name this endpoint with the tenant as the client named it or as its id.
    private func verify(
        _ assertion: String, clientID: String, certificatePEM: String?, audiences: [String], now: Date
    ) throws(EntraError) {
        var lastRefusal: EntraError?
        for audience in audiences {
            do throws(EntraError) {
                try AssertionVerifier(certificatePEM: certificatePEM, clientID: clientID, audience: audience)
                    .verify(assertion, now: now)
                return
            } catch {
                lastRefusal = error
                if error.code != 700_023 { break }
            }
        }
        if let lastRefusal { throw lastRefusal }
    }
}
